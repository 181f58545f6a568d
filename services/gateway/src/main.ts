// Vigil gateway entry point: `node src/main.ts -f etc/gateway.yaml`.
import {
  configFileFromArgs,
  createLogger,
  createTokenBucketLimiter,
  initTelemetry,
  loadConfigOrExit,
} from '@vigil/core';
import { Redis } from 'ioredis';
import { ConfigSchema } from './config.js';
import { createGateway } from './gateway.js';

const config = loadConfigOrExit(ConfigSchema, configFileFromArgs(process.argv, 'etc/gateway.yaml'));
const logger = createLogger({ service: config.Name, level: config.Log.Level });
await initTelemetry(config.Telemetry, config.Name);
// Per-client limits at the edge; Redis-backed when replicas must share them.
const redis =
  config.RateLimit.Enabled && config.RateLimit.Redis
    ? new Redis(config.RateLimit.Redis)
    : undefined;
const limiter = config.RateLimit.Enabled
  ? createTokenBucketLimiter({
      rate: config.RateLimit.Rate,
      burst: config.RateLimit.Burst,
      redis,
      prefix: 'vigil:gateway:rate',
    })
  : undefined;
const server = await createGateway(config, { logger, limiter });
if (redis) server.onClose(() => void redis.disconnect());
server.handleSignals();
await server.start();
