/**
 * Benchmark server process: `server.ts raw|vigil|vigil-nolog|mixed [count]`. Serves Bench.Get on
 * `count` (default 1) ports of 127.0.0.1 — `mixed`: three ports of one process, raw grpc-js,
 * Vigil with AccessLog off, Vigil with AccessLog on — and prints `READY port...`. Each line on
 * stdin is answered with `CPU <µs>`: this process's user+system CPU time (process.cpuUsage).
 */
import * as grpc from '@grpc/grpc-js';
import { createLogger, createRpcServer, loadProto } from '@vigil/core';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import { devNullLogDestination } from '../lib/dev-null.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const proto = loadProto(path.join(here, 'bench.proto'));
const definition = proto.service('vigil.bench.Bench').service;
const variant = process.argv[2] ?? 'raw';
const count = Number(process.argv[3] ?? '1');

function record(id: string) {
  return { id, site: 'SITE-042', status: 'ENROLLED', visits: '12', flags: ['AE_OPEN', 'QUERY'] };
}

// The access log is written for real (to /dev/null, through the production batched destination):
// formatting and writing it is part of the chain's cost.
const logger = createLogger({
  service: 'bench',
  destination: devNullLogDestination(),
});
const registry = new Registry();

async function raw(): Promise<number> {
  const server = new grpc.Server();
  server.addService(definition, {
    Get: (call: grpc.ServerUnaryCall<{ id: string }, unknown>, cb: grpc.sendUnaryData<unknown>) =>
      cb(null, record(call.request.id)),
  });
  return new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) =>
      err ? reject(err) : resolve(port),
    ),
  );
}

async function vigil(accessLog: boolean): Promise<number> {
  const server = createRpcServer(
    { ListenOn: '127.0.0.1:0', AccessLog: accessLog },
    { logger, registry, service: 'bench' },
  );
  server.addService(definition, { Get: async (req: { id: string }) => record(req.id) });
  return (await server.start()).port;
}

const ports: number[] = [];
if (variant === 'mixed') {
  ports.push(await raw(), await vigil(false), await vigil(true));
} else {
  for (let i = 0; i < count; i++) {
    ports.push(variant === 'raw' ? await raw() : await vigil(variant !== 'vigil-nolog'));
  }
}

process.stdin.on('data', () => {
  const { user, system } = process.cpuUsage();
  process.stdout.write(`CPU ${user + system}\n`);
});
process.stdout.write(`READY ${ports.join(' ')}\n`);
