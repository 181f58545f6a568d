import pg from 'pg';
import type { Logger } from 'pino';
import { retryDelayMs } from '../backoff.js';
import type { Waker } from '../waker.js';

/** One LISTEN connection per transport, waking the consumers of the queue a NOTIFY names. */
export interface PgListener {
  /** Wakes `waker` whenever an event for `queue` is published; returns the unsubscribe. */
  subscribe(queue: string, waker: Waker): () => void;
  close(): Promise<void>;
}

/**
 * LISTEN needs a dedicated connection (a pooled one would be handed to other queries). If it
 * drops it is reopened with backoff; meanwhile consumers still find events by polling, only
 * later. Opened lazily by the first subscriber.
 */
export function createPgListener(url: string, channel: string, logger: Logger): PgListener {
  const subscribers = new Map<string, Set<Waker>>();
  let client: pg.Client | undefined;
  let connecting = false;
  let closed = false;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | undefined;

  function scheduleReconnect(): void {
    if (closed || retryTimer) return;
    failures += 1;
    retryTimer = setTimeout(
      () => {
        retryTimer = undefined;
        void open();
      },
      retryDelayMs(failures, 100, 5_000),
    );
    retryTimer.unref();
  }

  async function open(): Promise<void> {
    if (closed || client || connecting) return;
    connecting = true;
    const c = new pg.Client({ connectionString: url, application_name: 'vigil-queue-listen' });
    c.on('error', (err) => logger.debug({ err }, 'queue LISTEN connection failed'));
    c.on('end', () => {
      if (client === c) client = undefined;
      scheduleReconnect();
    });
    c.on('notification', (msg) => {
      if (msg.channel !== channel || !msg.payload) return;
      for (const waker of subscribers.get(msg.payload) ?? []) waker.wake();
    });
    try {
      await c.connect();
      await c.query(`listen "${channel}"`);
      if (closed) {
        await c.end();
        return;
      }
      client = c;
      failures = 0;
      // Events published while we were not listening are found by this wake-up.
      for (const set of subscribers.values()) for (const waker of set) waker.wake();
    } catch (err) {
      logger.debug({ err }, 'queue LISTEN connection failed; consumers poll meanwhile');
      await c.end().catch(() => undefined);
      scheduleReconnect();
    } finally {
      connecting = false;
    }
  }

  return {
    subscribe(queue, waker) {
      let set = subscribers.get(queue);
      if (!set) subscribers.set(queue, (set = new Set()));
      set.add(waker);
      void open();
      return () => {
        set.delete(waker);
        if (set.size === 0) subscribers.delete(queue);
      };
    },
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}
