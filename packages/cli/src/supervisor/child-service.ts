import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { LogTail } from './log-tail.js';
import type { ServiceEntry } from './service-catalog.js';

/** What the supervisor reports about a child. */
export type ChildEvent =
  | { kind: 'ready'; service: ServiceEntry; ms: number }
  | {
      kind: 'crashed';
      service: ServiceEntry;
      code: number | null;
      signal: string | null;
      tail: string[];
      restartInMs: number;
    }
  | { kind: 'gave-up'; service: ServiceEntry; tail: string[] }
  | { kind: 'log'; service: ServiceEntry; line: string };

export interface ChildOptions {
  env: NodeJS.ProcessEnv;
  logDir: string;
  onEvent: (event: ChildEvent) => void;
  /** Restarts within this many ms of the previous one count towards giving up. */
  maxRestarts?: number;
}

const READY_POLL_MS = 100;
const READY_TIMEOUT_MS = 60_000;
const MAX_BACKOFF_MS = 10_000;

/**
 * One service process under supervision: started with the TypeScript sources (tsx), watched,
 * restarted with exponential backoff when it dies, stopped with SIGTERM (then SIGKILL).
 */
export class ChildService {
  private child: ChildProcess | undefined;
  private stopping = false;
  private restarts = 0;
  private readonly tail = new LogTail(20);
  private readonly logFile: WriteStream;

  constructor(
    readonly service: ServiceEntry,
    private readonly options: ChildOptions,
  ) {
    mkdirSync(options.logDir, { recursive: true });
    this.logFile = createWriteStream(path.join(options.logDir, `${service.name}.log`), {
      flags: 'a',
    });
  }

  /** Starts the process and resolves once its /healthz answers (or rejects on timeout/exit). */
  async start(): Promise<void> {
    const started = Date.now();
    const child = spawn(
      process.execPath,
      [
        '--conditions=vigil-source',
        '--import',
        'tsx',
        this.service.entry,
        '-f',
        this.service.config,
      ],
      { cwd: this.service.dir, env: this.options.env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      this.logFile.write(text);
      for (const line of this.tail.push(text))
        this.options.onEvent({ kind: 'log', service: this.service, line });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    let exited = false;
    child.once('exit', (code, signal) => {
      exited = true;
      this.onExit(code, signal);
    });
    const url = `http://127.0.0.1:${this.service.httpPort}/healthz`;
    while (!exited) {
      if (Date.now() - started > READY_TIMEOUT_MS)
        throw new Error(
          `${this.service.name} did not become healthy within ${READY_TIMEOUT_MS / 1000} s`,
        );
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
        if (res.ok) {
          this.options.onEvent({ kind: 'ready', service: this.service, ms: Date.now() - started });
          return;
        }
      } catch {
        /* not listening yet */
      }
      await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
    }
    throw new Error(`${this.service.name} exited during start-up:\n${this.tail.last().join('\n')}`);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.child = undefined;
    if (this.stopping) return;
    this.restarts++;
    if (this.restarts > (this.options.maxRestarts ?? 5)) {
      this.options.onEvent({ kind: 'gave-up', service: this.service, tail: this.tail.last() });
      return;
    }
    const restartInMs = Math.min(MAX_BACKOFF_MS, 500 * 2 ** (this.restarts - 1));
    this.options.onEvent({
      kind: 'crashed',
      service: this.service,
      code,
      signal,
      tail: this.tail.last(),
      restartInMs,
    });
    setTimeout(() => {
      if (!this.stopping) this.start().catch(() => undefined);
    }, restartInMs).unref();
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (child && child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    await new Promise<void>((resolve) => this.logFile.end(resolve));
  }
}
