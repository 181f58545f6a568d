// Baseline for bench/patient: raw Fastify answering a fixed JSON body (argv[2], the exact bytes
// the patient service answers) on the same path. Prints `READY <url>`.
import Fastify from 'fastify';

const body = process.argv[2] ?? '{}';
const app = Fastify({ logger: false });
app.get('/api/v1/patient/info/:patientId', (_request, reply) => {
  void reply.type('application/json; charset=utf-8').send(body);
});
process.stdout.write(`READY ${await app.listen({ host: '127.0.0.1', port: 0 })}\n`);
