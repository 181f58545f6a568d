/**
 * Benchmark server process: `server.ts raw|vigil|vigil-nolog [count]`. Serves Bench.Get on
 * `count` (default 1) ports of 127.0.0.1 and prints `READY port...`. Each line on stdin is
 * answered with `CPU <µs>`: this process's user+system CPU time (process.cpuUsage).
 */
import * as grpc from '@grpc/grpc-js';
import { createBatchedDestination, createLogger, createRpcServer, loadProto } from '@vigil/core';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';

const here = path.dirname(fileURLToPath(import.meta.url));
const proto = loadProto(path.join(here, 'bench.proto'));
const definition = proto.service('vigil.bench.Bench').service;
const variant = process.argv[2] ?? 'raw';
const count = Number(process.argv[3] ?? '1');

function record(id: string) {
  return { id, site: 'SITE-042', status: 'ENROLLED', visits: '12', flags: ['AE_OPEN', 'QUERY'] };
}

const ports: number[] = [];
const logger = createLogger({
  service: 'bench',
  destination: createBatchedDestination(createWriteStream('/dev/null')),
});
const registry = new Registry();
for (let i = 0; i < count; i++) {
  if (variant === 'raw') {
    const server = new grpc.Server();
    server.addService(definition, {
      Get: (call: grpc.ServerUnaryCall<{ id: string }, unknown>, cb: grpc.sendUnaryData<unknown>) =>
        cb(null, record(call.request.id)),
    });
    ports.push(
      await new Promise<number>((resolve, reject) =>
        server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) =>
          err ? reject(err) : resolve(port),
        ),
      ),
    );
  } else {
    const server = createRpcServer(
      { ListenOn: '127.0.0.1:0', AccessLog: variant !== 'vigil-nolog' },
      { logger, registry, service: 'bench' },
    );
    server.addService(definition, {
      Get: async (req: { id: string }) => record(req.id),
    });
    ports.push((await server.start()).port);
  }
}

process.stdin.on('data', () => {
  const { user, system } = process.cpuUsage();
  process.stdout.write(`CPU ${user + system}\n`);
});
process.stdout.write(`READY ${ports.join(' ')}\n`);
