// Floor for bench/patient's gateway row: raw Fastify forwarding every /api/v1/patient/* request
// to the patient service (argv[2], its base URL) over an undici keep-alive pool, with the same
// dispatch API, pool size and small-answer buffering as the gateway, and nothing else: no trace
// context, access log, metrics, shedding, rate limit or request id. What any proxy hop built on
// Node's HTTP server and undici pays before doing a gateway's work. Prints `READY <url>`.
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { Pool, type Dispatcher } from 'undici';

const pool = new Pool(process.argv[2] ?? 'http://127.0.0.1:8002', {
  connections: 128,
  pipelining: 1,
  keepAliveTimeout: 60_000,
});
const HOP = new Set(['connection', 'keep-alive', 'host', 'transfer-encoding']);

function forward(request: FastifyRequest, reply: FastifyReply): void {
  const headers: Record<string, string | string[]> = {};
  for (const name in request.headers) {
    const value = request.headers[name];
    if (value !== undefined && !HOP.has(name)) headers[name] = value;
  }
  const chunks: Buffer[] = [];
  const handler: Dispatcher.DispatchHandler = {
    onRequestStart() {},
    onResponseStart(_controller, status, upstreamHeaders) {
      for (const name in upstreamHeaders) {
        const value = upstreamHeaders[name];
        if (value !== undefined && !HOP.has(name)) void reply.header(name, value);
      }
      void reply.code(status);
    },
    onResponseData(_controller, chunk) {
      chunks.push(chunk);
    },
    onResponseEnd() {
      void reply.send(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    },
    onResponseError(_controller, error) {
      void reply.code(502).send({ code: 'UNAVAILABLE', message: error.message });
    },
  };
  pool.dispatch(
    { path: request.raw.url ?? '/', method: request.method, headers, body: null },
    handler,
  );
}

const app = Fastify({ logger: false });
app.get('/api/v1/patient/*', forward);
process.stdout.write(`READY ${await app.listen({ host: '127.0.0.1', port: 0 })}\n`);
