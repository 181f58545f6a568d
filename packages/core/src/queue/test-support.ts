import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { connect } from 'amqplib';
import pg from 'pg';
import pino, { type Logger } from 'pino';
import { createDatabase, migrateUp, type Database, type MigrationDb } from '../store/index.js';
import { mysqlServer, postgresServer, type TestServer } from '../store/test-databases.js';
import { resolveQueueConfig, type QueueConfigInput } from './config.js';
import { outboxMigrations, type OutboxTables } from './outbox-schema.js';
import { deadLetterQueueName, retryLevels, retryQueueName } from './rabbitmq/topology.js';

/**
 * Test support (not exported from the package): real brokers and databases with uniquely named
 * exchanges, queues, schemas and databases, removed afterwards.
 */
export function unique(prefix = 'vigil_t'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

/** A logger whose JSON lines the test can read. */
export function collectingLogger(level: pino.LevelWithSilent = 'debug'): {
  logger: Logger;
  lines: Record<string, unknown>[];
} {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) {
        if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

/** One broker the suites run against. */
export interface BrokerTarget {
  readonly name: 'rabbitmq' | 'postgres';
  /** A fresh isolated namespace (exchange or schema); `cleanup` removes it and its queues. */
  open(overrides?: Partial<QueueConfigInput>): Promise<BrokerSandbox>;
}

/** An isolated namespace on a broker. */
export interface BrokerSandbox {
  readonly config: QueueConfigInput;
  /** Registers a queue name for deletion (RabbitMQ; PostgreSQL drops the schema). */
  track(queue: string, maxAttempts?: number): string;
  cleanup(): Promise<void>;
}

/** The brokers available on this machine, given their URLs (undefined = skip). */
export function brokerTargets(
  amqpUrl?: string,
  pgUrl?: string,
): [string, BrokerTarget | undefined][] {
  return [
    ['RabbitMQ', amqpUrl ? rabbitTarget(amqpUrl) : undefined],
    ['PostgreSQL transport', pgUrl ? postgresTarget(pgUrl) : undefined],
  ];
}

function rabbitTarget(url: string): BrokerTarget {
  return {
    name: 'rabbitmq',
    async open(overrides = {}) {
      const exchange = unique('vigil.test');
      const config: QueueConfigInput = {
        Transport: 'rabbitmq',
        Url: url,
        Exchange: exchange,
        ...overrides,
      };
      const queues = new Map<string, number>();
      return {
        config,
        track(queue, maxAttempts) {
          queues.set(queue, maxAttempts ?? resolveQueueConfig(config).MaxAttempts);
          return queue;
        },
        async cleanup() {
          const conn = await connect(url);
          try {
            const ch = await conn.createChannel();
            const resolved = resolveQueueConfig(config);
            for (const [queue, attempts] of queues) {
              const names = [
                queue,
                deadLetterQueueName(queue),
                ...retryLevels(resolved, attempts).map((d) => retryQueueName(queue, d)),
              ];
              for (const name of names) await ch.deleteQueue(name);
            }
            await ch.deleteExchange(exchange);
            await ch.close();
          } finally {
            await conn.close();
          }
        },
      };
    },
  };
}

function postgresTarget(url: string): BrokerTarget {
  return {
    name: 'postgres',
    async open(overrides = {}) {
      const schema = unique();
      const config: QueueConfigInput = {
        Transport: 'postgres',
        Url: url,
        Schema: schema,
        ...overrides,
      };
      return {
        config,
        track: (queue) => queue,
        async cleanup() {
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          try {
            await client.query(`drop schema if exists "${schema}" cascade`);
          } finally {
            await client.end();
          }
        },
      };
    },
  };
}

/** The tables test databases have: the outbox's, plus a log of handler runs. */
export interface TestTables extends OutboxTables {
  /** One row per handler run that committed: exactly-once means one row per event. */
  handled: { event_id: string; runner: string };
}

const handledMigration = {
  name: '0001_handled',
  async up(db: MigrationDb) {
    await db.schema
      .createTable('handled')
      .addColumn('event_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('runner', 'varchar(64)', (c) => c.notNull())
      .execute();
  },
};

/** A database with the outbox tables, on the machine's PostgreSQL or MariaDB. */
export interface OutboxDatabase {
  readonly database: Database<TestTables>;
  readonly url: string;
  cleanup(): Promise<void>;
}

/** The outbox databases available on this machine (undefined = skip). */
export function outboxTargets(
  pgUrl?: string,
  mysqlUrl?: string,
): [string, (() => Promise<OutboxDatabase>) | undefined][] {
  const open = (server: TestServer) => async (): Promise<OutboxDatabase> => {
    const created = await server.createDatabase();
    const database = createDatabase<TestTables>(
      { DataSource: created.url, MaxOpenConns: 8 },
      { logger: pino({ level: 'silent' }), service: 'queue-test' },
    );
    await migrateUp(database, [...outboxMigrations, handledMigration]);
    return {
      database,
      url: created.url,
      async cleanup() {
        await database.close();
        await created.drop();
      },
    };
  };
  return [
    ['PostgreSQL outbox', pgUrl ? open(postgresServer(pgUrl)) : undefined],
    ['MariaDB outbox', mysqlUrl ? open(mysqlServer(mysqlUrl)) : undefined],
  ];
}
