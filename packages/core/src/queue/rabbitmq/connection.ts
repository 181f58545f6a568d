import { connect, type ChannelModel } from 'amqplib';
import type { Logger } from 'pino';
import { AppError } from '../../errors/index.js';

/** One AMQP connection per transport, opened on first use and reopened after it drops. */
export interface AmqpConnection {
  /** The open connection; opens it if needed (one attempt shared by concurrent callers). */
  get(): Promise<ChannelModel>;
  close(): Promise<void>;
}

/** The URL without credentials, for log lines and error messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

/**
 * Opens connections lazily and forgets a closed one, so the next `get()` reconnects. Retrying is
 * the caller's business (the relay and the consumers each back off their own way); amqplib's
 * built-in recovery is not used because channels and consumers do not survive a reconnect and
 * must be re-created by their owners anyway.
 */
export function createAmqpConnection(
  url: string,
  logger: Logger,
  connectTimeoutMs: number,
): AmqpConnection {
  let current: Promise<ChannelModel> | undefined;
  let closed = false;
  return {
    get() {
      if (closed) return Promise.reject(new AppError('UNAVAILABLE', 'the queue is closed'));
      if (current) return current;
      const attempt: Promise<ChannelModel> = connect(url, { timeout: connectTimeoutMs }).then(
        (model) => {
          // Without an 'error' listener a broker-side close would crash the process.
          model.on('error', (err: Error) => logger.warn({ err }, 'RabbitMQ connection error'));
          model.on('close', () => {
            if (current === attempt) current = undefined;
          });
          if (closed) {
            void model.close().catch(() => undefined);
            throw new AppError('UNAVAILABLE', 'the queue is closed');
          }
          return model;
        },
        (err: unknown) => {
          if (current === attempt) current = undefined;
          throw new AppError('UNAVAILABLE', `cannot connect to RabbitMQ at ${redactUrl(url)}`, {
            cause: err,
          });
        },
      );
      current = attempt;
      return attempt;
    },
    async close() {
      closed = true;
      const open = current;
      current = undefined;
      if (!open) return;
      try {
        await (await open).close();
      } catch {
        // Already closed or never opened: nothing left to release.
      }
    },
  };
}
