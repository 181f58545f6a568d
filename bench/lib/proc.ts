import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second for /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const CLK_TCK = 100;

/** CPU seconds a process has used so far in user and kernel mode, from /proc/<pid>/stat. */
export function processCpuTimes(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / CLK_TCK, system: Number(fields[12]) / CLK_TCK };
}

/** `taskset -c <cpu>` prefix when taskset exists and the machine has that core. */
export function pinned(cpu: number, command: string, args: string[]): [string, string[]] {
  try {
    readFileSync('/usr/bin/taskset');
    return ['taskset', ['-c', String(cpu), command, ...args]];
  } catch {
    return [command, args];
  }
}

/** Starts a TypeScript entry point (tsx) pinned to a core; resolves when it prints `READY <url>`. */
export async function startServer(
  cpu: number,
  entry: string,
  args: string[],
): Promise<{ child: ChildProcess; url: string; extra: string[]; pid: number }> {
  const [cmd, argv] = pinned(cpu, process.execPath, [
    '--conditions=vigil-source',
    '--import',
    'tsx',
    entry,
    ...args,
  ]);
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = await new Promise<string[]>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /READY ([^\n]*)\n/.exec(out);
      if (m) resolve(m[1]!.trim().split(/\s+/));
    });
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}`)));
  });
  // With taskset the server is taskset's child after exec: same pid (exec replaces the image).
  return { child, url: ready[0]!, extra: ready.slice(1), pid: child.pid! };
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
