// Safe to edit: created once by vigilctl, never overwritten. The patient service's
// dependencies (go-zero's ServiceContext): built once at start-up, handed to every logic.
import { createLogger, type Logger } from '@vigil/core';
import type { Config } from '../config.js';

/** Resources shared by the logic of every route and RPC method. */
export interface ServiceContext {
  readonly config: Config;
  readonly logger: Logger;
  /** Releases what the context opened (pools, clients); called once the servers have stopped. */
  close(): Promise<void>;
}

/** Builds the context from the config: open database pools and RPC clients here. */
export async function createServiceContext(config: Config): Promise<ServiceContext> {
  const logger = createLogger({ service: config.Name, level: config.Log.Level });
  return {
    config,
    logger,
    async close() {},
  };
}
