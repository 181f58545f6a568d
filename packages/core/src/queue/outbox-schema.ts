import { sql } from 'kysely';
import type { SqlDialect } from '../store/index.js';
import type { MigrationDb, VigilMigration } from '../store/index.js';

/** The outbox tables as Kysely sees them; merge into a service's DB interface when it reads them. */
export interface OutboxTables {
  vigil_outbox: {
    id: string;
    topic: string;
    /** JSON text, published byte for byte. */
    payload: string;
    /** JSON object of string headers (traceparent, …). */
    headers: string;
    created_at: Date;
    /** The relay skips the row until then (backoff after a failed publish). */
    available_at: Date;
    sent_at: Date | null;
    attempts: number;
    last_error: string | null;
  };
  vigil_processed_events: {
    consumer: string;
    event_id: string;
    processed_at: Date;
  };
}

function timestamp(dialect: SqlDialect): 'timestamptz' | 'datetime(6)' {
  return dialect === 'postgres' ? 'timestamptz' : 'datetime(6)';
}

/**
 * Migrations creating `vigil_outbox` and `vigil_processed_events` on PostgreSQL or MySQL/MariaDB.
 * Put them first in a service's migration list (`[...outboxMigrations, ...own]`): their `0000_`
 * names sort before a service's own. A service that adds them later renames them to follow its
 * last migration, since the migrator refuses one that sorts before those already run. One DDL
 * statement each, because MySQL commits DDL implicitly (see store/migrate.ts).
 *
 * Text, not json, columns: the relay publishes the JSON it was given without parsing it, and the
 * two dialects return json columns differently (object vs string).
 */
export const outboxMigrations: readonly VigilMigration[] = [
  {
    name: '0000_vigil_outbox',
    async up(db: MigrationDb, dialect: SqlDialect) {
      await db.schema
        .createTable('vigil_outbox')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('topic', 'varchar(255)', (c) => c.notNull())
        .addColumn('payload', dialect === 'postgres' ? 'text' : sql`longtext`, (c) => c.notNull())
        .addColumn('headers', 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp(dialect), (c) => c.notNull())
        .addColumn('available_at', timestamp(dialect), (c) => c.notNull())
        .addColumn('sent_at', timestamp(dialect))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .execute();
    },
  },
  {
    name: '0000_vigil_outbox_pending_index',
    async up(db: MigrationDb, dialect: SqlDialect) {
      // The relay scans unsent rows oldest first. PostgreSQL indexes only those (sent rows stay
      // out of the index); MySQL has no partial index, so sent_at leads and `is null` seeks.
      const index = db.schema.createIndex('vigil_outbox_pending').on('vigil_outbox');
      await (
        dialect === 'postgres'
          ? index.column('created_at').where(sql<boolean>`sent_at is null`)
          : index.columns(['sent_at', 'created_at'])
      ).execute();
    },
  },
  {
    name: '0000_vigil_outbox_sent_index',
    async up(db: MigrationDb, dialect: SqlDialect) {
      // Retention deletes sent rows by age; MySQL's pending index (sent_at, …) already serves it.
      if (dialect !== 'postgres') return;
      await db.schema
        .createIndex('vigil_outbox_sent')
        .on('vigil_outbox')
        .column('sent_at')
        .where(sql<boolean>`sent_at is not null`)
        .execute();
    },
  },
  {
    name: '0000_vigil_processed_events',
    async up(db: MigrationDb, dialect: SqlDialect) {
      await db.schema
        .createTable('vigil_processed_events')
        .addColumn('consumer', 'varchar(200)', (c) => c.notNull())
        .addColumn('event_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('processed_at', timestamp(dialect), (c) => c.notNull())
        .addPrimaryKeyConstraint('vigil_processed_events_pk', ['consumer', 'event_id'])
        .execute();
    },
  },
];
