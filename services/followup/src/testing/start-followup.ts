import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createLogger, loadConfig, type Transport } from '@vigil/core';
import { connect, type Channel } from 'amqplib';
import pg from 'pg';
import { ConfigSchema, type Config } from '../config.js';
import { createFollowupService, type FollowupService } from '../service.js';
import { createServiceContext, type ServiceContext } from '../svc/context.js';

/** etc/followup.yaml, as `vigil start` runs it. */
export const FOLLOWUP_YAML = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../etc/followup.yaml',
);

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Which broker a test runs on, isolated by a unique exchange or schema. */
export interface BrokerChoice {
  readonly kind: 'rabbitmq' | 'postgres';
  /** amqp://… or postgres://… of the queue database. */
  readonly url: string;
}

/** Where a test's events go: a unique exchange (RabbitMQ) or schema (PostgreSQL transport). */
export interface IsolatedBroker extends BrokerChoice {
  /** `Queue.Exchange` or `Queue.Schema`. */
  readonly namespace: string;
  /** The worker's queue name (RabbitMQ queue names are broker-wide, so unique per test). */
  readonly queue: string;
  /** Applies the namespace, the queue name and short test timings to a service's config. */
  apply(config: Config): void;
  /** Deletes the exchange and the worker's queues, or drops the schema. */
  cleanup(): Promise<void>;
}

/** A fresh namespace on `broker`. */
export function isolateBroker(broker: BrokerChoice): IsolatedBroker {
  const namespace =
    broker.kind === 'rabbitmq'
      ? `vigil.test.${randomBytes(5).toString('hex')}`
      : `vigil_fu_${randomBytes(5).toString('hex')}`;
  const queueName = `followup.test-${randomBytes(5).toString('hex')}`;
  return {
    ...broker,
    namespace,
    queue: queueName,
    apply(config) {
      const queue = config.Queue;
      config.Followup.QueueName = queueName;
      queue.Transport = broker.kind;
      if (broker.kind === 'rabbitmq') {
        queue.AmqpUrl = broker.url;
        queue.Exchange = namespace;
      } else {
        queue.DatabaseUrl = broker.url;
        queue.Schema = namespace;
      }
      queue.BackoffMs = 50;
      queue.MaxBackoffMs = 200;
      queue.VisibilityTimeoutMs = 1000;
      queue.PollIntervalMs = 100;
      queue.RelayMaxBackoffMs = 500;
    },
    async cleanup() {
      if (broker.kind === 'postgres') {
        const client = new pg.Client({ connectionString: broker.url });
        await client.connect();
        await client
          .query(`drop schema if exists "${namespace}" cascade`)
          .finally(() => client.end());
        return;
      }
      const conn = await connect(broker.url);
      try {
        // The worker's queue, its dead-letter queue and retry queues (`<queue>.retry.<ms>ms`,
        // delays BackoffMs × 2ⁿ capped at MaxBackoffMs); a channel per call, since a failed
        // call closes its channel.
        const names = [queueName, `${queueName}.dlq`];
        for (const delay of [50, 100, 200]) names.push(`${queueName}.retry.${delay}ms`);
        const run = async (fn: (ch: Channel) => Promise<unknown>) => {
          const ch = await conn.createChannel();
          ch.on('error', () => undefined);
          await fn(ch).catch(() => undefined);
          await ch.close().catch(() => undefined);
        };
        for (const name of names) await run((ch) => ch.deleteQueue(name));
        await run((ch) => ch.deleteExchange(namespace));
      } finally {
        await conn.close();
      }
    },
  };
}

/** The real etc/followup.yaml with the environment a test gives (embedded mode: migrations). */
export async function loadTestConfig(options: {
  databaseUrl: string;
  jwksUrl: string;
  broker: IsolatedBroker;
}): Promise<Config> {
  const config = loadConfig(ConfigSchema, FOLLOWUP_YAML, {
    env: {
      VIGIL_MODE: 'embedded',
      FOLLOWUP_DATABASE_URL: options.databaseUrl,
      IDENTITY_JWKS_URL: options.jwksUrl,
      FOLLOWUP_HTTP_PORT: String(await freePort()),
    },
  });
  options.broker.apply(config);
  config.Followup.PollIntervalMs = 50;
  return config;
}

/** A running in-process followup service. */
export interface RunningFollowup {
  readonly baseUrl: string;
  readonly svc: ServiceContext;
  readonly service: FollowupService;
  readonly logLines: string[];
  stop(): Promise<void>;
}

/** Builds the context and the service as main.ts does, and starts it (no signal handlers). */
export async function startFollowup(
  config: Config,
  options: { now?: () => number; transport?: Transport } = {},
): Promise<RunningFollowup> {
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ service: config.Name, level: 'debug', destination: sink });
  const svc = await createServiceContext(config, {
    logger,
    ...(options.now && { now: options.now }),
  });
  const service = createFollowupService(config, svc, options);
  await service.worker.start();
  const baseUrl = await service.http.start();
  return { baseUrl, svc, service, logLines, stop: () => service.http.stop() };
}
