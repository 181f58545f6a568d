import {
  AppError,
  createTransport,
  EMBEDDED_QUEUE_DATABASE_URL,
  formatDeadLetters,
  formatQueueStatus,
  listDeadLetters,
  queueStatus,
  replayDeadLetters,
  type QueueConfigInput,
  type Transport,
} from '@vigil/core';
import type { Command } from 'commander';

/** The embedded platform's queue database (embedded PostgreSQL on 5439, its `queue` database). */
export const EMBEDDED_QUEUE_URL = EMBEDDED_QUEUE_DATABASE_URL;

interface ConnectionOptions {
  amqpUrl?: string;
  databaseUrl?: string;
  schema?: string;
  exchange?: string;
}

/** Where command output goes (tests collect it). */
export interface QueueCommandIo {
  stdout(text: string): void;
}

/**
 * Picks the transport: an AMQP URL (flag, else `VIGIL_AMQP_URL`) means RabbitMQ, unless a
 * database URL is given explicitly; otherwise the PostgreSQL transport on `--database-url`, else
 * `VIGIL_QUEUE_DATABASE_URL`, else the embedded queue database.
 */
export function queueConnection(
  options: ConnectionOptions,
  env: NodeJS.ProcessEnv = process.env,
): QueueConfigInput {
  if (options.amqpUrl && options.databaseUrl) {
    throw new AppError('VALIDATION_FAILED', 'give --amqp-url or --database-url, not both');
  }
  const amqpUrl = options.databaseUrl ? undefined : (options.amqpUrl ?? env.VIGIL_AMQP_URL);
  if (amqpUrl) {
    return {
      Transport: 'rabbitmq',
      Url: amqpUrl,
      ...(options.exchange !== undefined && { Exchange: options.exchange }),
    };
  }
  return {
    Transport: 'postgres',
    Url: options.databaseUrl ?? env.VIGIL_QUEUE_DATABASE_URL ?? EMBEDDED_QUEUE_URL,
    ...(options.schema !== undefined && { Schema: options.schema }),
  };
}

async function withTransport<T>(
  command: Command,
  fn: (transport: Transport) => Promise<T>,
): Promise<T> {
  const transport = createTransport(queueConnection(command.optsWithGlobals<ConnectionOptions>()));
  try {
    return await fn(transport);
  } finally {
    await transport.close();
  }
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new AppError('VALIDATION_FAILED', `expected a positive integer, got "${value}"`);
  }
  return n;
}

/**
 * `vigil queue status | dlq list | dlq replay`: queue depth and dead letters of either transport.
 * The logic lives in @vigil/core (queueStatus, listDeadLetters, replayDeadLetters); this file
 * wires the flags.
 */
export function registerQueueCommand(
  program: Command,
  io: QueueCommandIo = { stdout: (s) => process.stdout.write(s) },
): void {
  const queue = program
    .command('queue')
    .description('event queue: depth per queue, dead letters and their replay')
    .option('--amqp-url <url>', 'RabbitMQ URL (default: $VIGIL_AMQP_URL); selects RabbitMQ')
    .option(
      '--database-url <url>',
      `PostgreSQL transport database (default: ${EMBEDDED_QUEUE_URL})`,
    )
    .option('--schema <name>', 'PostgreSQL transport schema (default: public)')
    .option('--exchange <name>', 'RabbitMQ exchange (default: vigil.events)');

  queue
    .command('status')
    .description('ready, unacked, delayed (waiting to retry) and dead events per queue')
    .option('--queue <names...>', 'queues to show (RabbitMQ: required; PostgreSQL: default all)')
    .option('--json', 'print JSON instead of a table', false)
    .action(async (options: { queue?: string[]; json: boolean }, command: Command) => {
      const rows = await withTransport(command, async (transport) => {
        if (transport.kind === 'rabbitmq' && !options.queue?.length) {
          throw new AppError(
            'VALIDATION_FAILED',
            'with RabbitMQ, name the queues: --queue <names...>',
          );
        }
        return queueStatus(transport, options.queue);
      });
      io.stdout(options.json ? `${JSON.stringify(rows, null, 2)}\n` : formatQueueStatus(rows));
    });

  const dlq = queue.command('dlq').description('dead-lettered events (failed every attempt)');
  dlq
    .command('list')
    .description('dead letters, oldest first, with the error of their last attempt')
    .option('--queue <name>', 'the queue (RabbitMQ: required; PostgreSQL: default all)')
    .option('--limit <n>', 'most dead letters to show', positiveInt, 100)
    .option('--json', 'print JSON (with payloads) instead of a table', false)
    .action(async (options: { queue?: string; limit: number; json: boolean }, command: Command) => {
      const rows = await withTransport(command, (transport) =>
        listDeadLetters(transport, {
          limit: options.limit,
          ...(options.queue !== undefined && { queue: options.queue }),
        }),
      );
      io.stdout(options.json ? `${JSON.stringify(rows, null, 2)}\n` : formatDeadLetters(rows));
    });
  dlq
    .command('replay')
    .description(
      'put dead letters back on their queue with fresh attempts (after fixing the fault)',
    )
    .option('--queue <name>', 'the queue (RabbitMQ: required; PostgreSQL: default all)')
    .option('--id <ids...>', 'event ids to replay')
    .option('--all', 'replay every dead letter of the queue', false)
    .action(async (options: { queue?: string; id?: string[]; all: boolean }, command: Command) => {
      if (options.all === Boolean(options.id?.length)) {
        throw new AppError('VALIDATION_FAILED', 'give either --id <ids...> or --all');
      }
      const count = await withTransport(command, (transport) =>
        replayDeadLetters(transport, options.all ? 'all' : options.id!, {
          ...(options.queue !== undefined && { queue: options.queue }),
        }),
      );
      io.stdout(`replayed ${count} dead letter${count === 1 ? '' : 's'}\n`);
    });
}
