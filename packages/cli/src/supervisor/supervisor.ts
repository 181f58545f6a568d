import { ChildService, type ChildEvent } from './child-service.js';
import type { ServiceEntry } from './service-catalog.js';

/** Supervisor options: the environment children get and where their logs go. */
export interface SupervisorOptions {
  env: NodeJS.ProcessEnv;
  logDir: string;
  print: (line: string) => void;
  verbose: boolean;
}

function describeExit(event: Extract<ChildEvent, { kind: 'crashed' }>): string {
  return event.signal ? `killed by ${event.signal}` : `exited with code ${event.code}`;
}

/**
 * Starts every service as its own process (as in production), in order, waiting for each to be
 * healthy before the next; restarts a dead one with backoff and shows its last log lines, so the
 * platform never silently half-runs; stops them all in reverse order.
 */
export class Supervisor {
  private readonly children: ChildService[] = [];

  constructor(private readonly options: SupervisorOptions) {}

  private onEvent = (event: ChildEvent): void => {
    const { print } = this.options;
    switch (event.kind) {
      case 'ready':
        print(
          `  ✓ ${event.service.name.padEnd(10)} ready on :${event.service.httpPort} (${(event.ms / 1000).toFixed(1)} s)`,
        );
        break;
      case 'log':
        if (this.options.verbose) print(`  [${event.service.name}] ${event.line}`);
        break;
      case 'crashed':
        print(
          `  ✗ ${event.service.name} ${describeExit(event)}; restarting in ${event.restartInMs} ms. Last lines:`,
        );
        for (const line of event.tail) print(`      ${line}`);
        break;
      case 'gave-up':
        print(`  ✗ ${event.service.name} keeps dying; not restarting it again. Last lines:`);
        for (const line of event.tail) print(`      ${line}`);
        break;
    }
  };

  async startAll(services: ServiceEntry[]): Promise<void> {
    for (const service of services) {
      const child = new ChildService(service, {
        env: this.options.env,
        logDir: this.options.logDir,
        onEvent: this.onEvent,
        streamLines: this.options.verbose,
      });
      this.children.push(child);
      await child.start();
    }
  }

  async stopAll(): Promise<void> {
    for (const child of [...this.children].reverse()) await child.stop();
    this.children.length = 0;
  }
}
