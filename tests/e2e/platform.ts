import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Ports of the platform under test: shifted by +10000 from the defaults so an `npm start` running
 * on the same machine is never disturbed.
 */
export const e2ePorts = {
  gateway: 18888,
  identity: 18001,
  identityGrpc: 19001,
  patient: 18002,
  patientGrpc: 19002,
  followup: 18007,
  postgres: 15439,
} as const;

/** The ports a platform under test listens on. */
export type PlatformPorts = { readonly [K in keyof typeof e2ePorts]: number };

/** A platform started the way a user starts it (`vigil start`), in a throwaway state dir. */
export interface RunningPlatform {
  gateway: string;
  stateDir: string;
  output: () => string;
  /**
   * Signals `vigil start` (SIGINT as Ctrl-C, SIGTERM as a process manager) and waits for it to
   * exit: its exit code, and the pids of its children (services, PostgreSQL) still alive after.
   */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; survivors: number[] }>;
}

/** Pids of the direct children of `pid` (from /proc). */
function childPids(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command (which may hold spaces): state, then the parent pid.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts `vigil start` (embedded mode) and resolves once its start screen is complete. */
export async function startPlatform(
  options: {
    only?: string[];
    timeoutMs?: number;
    /** Other ports than e2ePorts, so two platform tests can run at once. */
    ports?: PlatformPorts;
    /** Extra environment for `vigil start` and the services (applied last). */
    env?: NodeJS.ProcessEnv;
  } = {},
): Promise<RunningPlatform> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-e2e-'));
  // mkdtemp makes it 0700: as root, the embedded server must grant its `postgres` OS user the
  // search bit itself (packages/core/src/store/embedded-access.ts), as for a checkout in /root.
  const args = [
    '--conditions=vigil-source',
    '--import',
    'tsx',
    path.join(root, 'packages/cli/src/bin.ts'),
    'start',
    '--state-dir',
    stateDir,
  ];
  if (options.only) args.push('--only', options.only.join(','));
  const ports = options.ports ?? e2ePorts;
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      GATEWAY_HTTP_PORT: String(ports.gateway),
      IDENTITY_HTTP_PORT: String(ports.identity),
      IDENTITY_GRPC_PORT: String(ports.identityGrpc),
      PATIENT_HTTP_PORT: String(ports.patient),
      PATIENT_GRPC_PORT: String(ports.patientGrpc),
      FOLLOWUP_HTTP_PORT: String(ports.followup),
      VIGIL_EMBEDDED_PG_PORT: String(ports.postgres),
      ...options.env,
    },
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const timeoutMs = options.timeoutMs ?? 180_000;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`platform not running after ${timeoutMs} ms:\n${out}`)),
      timeoutMs,
    );
    const check = () => {
      // The start screen's last line: the URLs and demo logins before it have arrived too (they
      // come in several writes, so "Vigil is running" alone can be read before the logins).
      if (out.includes('Vigil is running') && out.includes('Stop: Ctrl-C')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`vigil start exited with ${code}:\n${out}`));
    });
  });
  return {
    gateway: `http://127.0.0.1:${ports.gateway}`,
    stateDir,
    output: () => out,
    async stop(signal = 'SIGINT') {
      const children = childPids(child.pid!);
      child.kill(signal);
      const code = await exited;
      rmSync(stateDir, { recursive: true, force: true });
      // tsx's esbuild helper leaves on its own once its parent is gone (it notices the closed
      // pipe); an orphaned service or PostgreSQL would still be here after the grace period.
      const deadline = Date.now() + 5_000;
      let survivors = children.filter(alive);
      while (survivors.length > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        survivors = survivors.filter(alive);
      }
      return { code, survivors };
    },
  };
}
