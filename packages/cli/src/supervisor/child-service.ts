import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import {
  closeSync,
  createWriteStream,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  type WriteStream,
} from 'node:fs';
import path from 'node:path';
import { LineSplitter, LogTail } from './log-tail.js';
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
  /** Emit a `log` event per line the child writes (`vigil start --verbose`). */
  streamLines?: boolean;
}

const READY_POLL_MS = 100;
const TAIL_LINES = 20;
/** How much of the end of a log file is read to find its last lines. */
const TAIL_BYTES = 64 * 1024;
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
  private readonly tail = new LogTail(TAIL_LINES);
  private readonly lines: LineSplitter | undefined;
  private readonly logPath: string;
  /** Only with `streamLines`: the supervisor then reads the output and appends it itself. */
  private readonly logFile: WriteStream | undefined;

  constructor(
    readonly service: ServiceEntry,
    private readonly options: ChildOptions,
  ) {
    this.lines = options.streamLines ? new LineSplitter() : undefined;
    mkdirSync(options.logDir, { recursive: true });
    this.logPath = path.join(options.logDir, `${service.name}.log`);
    this.logFile = options.streamLines
      ? createWriteStream(this.logPath, { flags: 'a' })
      : undefined;
  }

  /** Starts the process and resolves once its /healthz answers (or rejects on timeout/exit). */
  async start(): Promise<void> {
    const started = Date.now();
    let child: ChildProcess;
    try {
      child = spawn(
        process.execPath,
        [
          '--conditions=vigil-source',
          '--import',
          'tsx',
          this.service.entry,
          '-f',
          this.service.config,
        ],
        { cwd: this.service.dir, env: this.options.env, stdio: this.openOutput() },
      );
    } finally {
      this.closeOutput();
    }
    this.child = child;
    const logFile = this.logFile;
    if (logFile) {
      const onData = (chunk: Buffer) => {
        const text = chunk.toString();
        logFile.write(text);
        this.tail.push(text);
        for (const line of this.lines?.push(text) ?? [])
          this.options.onEvent({ kind: 'log', service: this.service, line });
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
    }
    let exited = false;
    // 'close', not 'exit': relayed output may still sit in the pipe when the process is gone.
    child.once('close', (code, signal) => {
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
    throw new Error(`${this.service.name} exited during start-up:\n${this.lastLines().join('\n')}`);
  }

  private outputFd: number | undefined;

  /**
   * The child's stdout and stderr. Without `streamLines` they are its log file itself: the child
   * appends to it directly, and the supervisor stays out of the log path (relaying every line of
   * a service under load cost the supervisor ≈ 5 µs of CPU per request, on the services' cores).
   */
  private openOutput(): StdioOptions {
    if (this.logFile) return ['ignore', 'pipe', 'pipe'];
    this.outputFd = openSync(this.logPath, 'a');
    return ['ignore', this.outputFd, this.outputFd];
  }

  /** The child holds its own copy of the descriptor once spawned. */
  private closeOutput(): void {
    if (this.outputFd === undefined) return;
    closeSync(this.outputFd);
    this.outputFd = undefined;
  }

  /** The child's last lines: from memory when relaying, else from the end of its log file. */
  private lastLines(): string[] {
    if (this.logFile) return this.tail.last();
    const fd = openSync(this.logPath, 'r');
    try {
      const size = fstatSync(fd).size;
      const length = Math.min(size, TAIL_BYTES);
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, size - length);
      const tail = new LogTail(TAIL_LINES, Number.POSITIVE_INFINITY);
      // A read that starts mid-file starts mid-line: that first piece is not a line.
      const text = buffer.toString();
      tail.push(size > length ? text.slice(text.indexOf('\n') + 1) : text);
      return tail.last();
    } finally {
      closeSync(fd);
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.child = undefined;
    if (this.stopping) return;
    this.restarts++;
    if (this.restarts > (this.options.maxRestarts ?? 5)) {
      this.options.onEvent({ kind: 'gave-up', service: this.service, tail: this.lastLines() });
      return;
    }
    const restartInMs = Math.min(MAX_BACKOFF_MS, 500 * 2 ** (this.restarts - 1));
    this.options.onEvent({
      kind: 'crashed',
      service: this.service,
      code,
      signal,
      tail: this.lastLines(),
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
    const logFile = this.logFile;
    if (logFile) await new Promise<void>((resolve) => logFile.end(resolve));
  }
}
