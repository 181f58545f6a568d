import type pg from 'pg';

/** Table names of the PostgreSQL transport, qualified by its schema (validated by the config). */
export interface PgQueueTables {
  readonly schema: string;
  readonly messages: string;
  readonly bindings: string;
  /** The LISTEN/NOTIFY channel (one per schema, so test schemas never wake each other). */
  readonly channel: string;
}

/** Names for `schema`, which QueueConfigSchema restricts to `[a-z_][a-z0-9_]*`. */
export function pgQueueTables(schema: string): PgQueueTables {
  return {
    schema,
    messages: `"${schema}".vigil_queue_messages`,
    bindings: `"${schema}".vigil_queue_bindings`,
    channel: `vigil_queue_${schema}`,
  };
}

/**
 * Creates the transport's tables if missing. The queue database belongs to the transport (in
 * embedded mode one `queue` database shared by every service), so it declares its own schema at
 * start like RabbitMQ topology, under an advisory lock because concurrent
 * `CREATE … IF NOT EXISTS` can still collide in the catalog.
 *
 * Messages: one row per (event, consumer queue). `available_at` is when it may be claimed; a
 * claim pushes it forward by the visibility timeout and sets `locked_until` to the same instant,
 * so a crashed consumer's rows become claimable again by themselves. `attempts` counts claims.
 * Payload is the JSON text as published; headers are a JSON object.
 */
export async function ensurePgQueueSchema(pool: pg.Pool, t: PgQueueTables): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(`select pg_advisory_xact_lock(hashtext('vigil_queue_schema'))`);
    await client.query(`create schema if not exists "${t.schema}"`);
    await client.query(`
      create table if not exists ${t.messages} (
        id bigserial primary key,
        event_id text not null,
        topic text not null,
        queue text not null,
        payload text not null,
        headers jsonb not null default '{}',
        attempts integer not null default 0,
        available_at timestamptz not null default now(),
        locked_until timestamptz,
        last_error text,
        dead boolean not null default false,
        created_at timestamptz not null default now(),
        failed_at timestamptz
      )`);
    // Claims seek the due rows of one queue in time order; dead rows stay out of that index.
    await client.query(`
      create index if not exists vigil_queue_messages_due
        on ${t.messages} (queue, available_at) where not dead`);
    await client.query(`
      create index if not exists vigil_queue_messages_dead
        on ${t.messages} (queue, failed_at) where dead`);
    await client.query(`
      create table if not exists ${t.bindings} (
        queue text not null,
        pattern text not null,
        regex text not null,
        primary key (queue, pattern)
      )`);
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
