import { describe, expect, it } from 'vitest';
import { createAccessLogWriter, createBatchedDestination, createLogger } from './index.js';

function capture(level?: 'info' | 'warn') {
  const raw: string[] = [];
  const logger = createLogger({
    service: 'pa"tient',
    level,
    destination: { write: (line: string) => void raw.push(line) },
  });
  return { raw, logger, write: createAccessLogWriter(logger) };
}

const entry = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  method: 'GET',
  route: '/api/v1/patient/info/:patientId',
  status: 200,
  durationMs: 1.234,
  bytes: 114,
};

describe('access log writer', () => {
  it('writes one JSON line per request with the logger’s fields, in a fixed order', () => {
    const { raw, logger, write } = capture();
    write(entry);
    logger.info('logic line');
    expect(raw).toHaveLength(2);
    const line = raw[0]!;
    expect(line.endsWith('\n')).toBe(true);
    expect(Object.keys(JSON.parse(line) as object)).toEqual([
      'level',
      'time',
      'service',
      'trace_id',
      'span_id',
      'method',
      'route',
      'status',
      'duration_ms',
      'bytes',
      'msg',
    ]);
    expect(JSON.parse(line)).toMatchObject({
      level: 'info',
      service: 'pa"tient',
      trace_id: entry.traceId,
      span_id: entry.spanId,
      method: 'GET',
      route: '/api/v1/patient/info/:patientId',
      status: 200,
      duration_ms: 1.234,
      bytes: 114,
      msg: 'request',
    });
    // Same level, service and time format as the logger's own lines.
    const logic = JSON.parse(raw[1]!) as Record<string, unknown>;
    expect(logic).toMatchObject({ level: 'info', service: 'pa"tient' });
    const time = (JSON.parse(line) as { time: string }).time;
    expect(new Date(time).toISOString()).toBe(time);
  });

  it('keeps each route and method pair apart, and escapes what JSON needs escaped', () => {
    const { raw, write } = capture();
    write(entry);
    write({ ...entry, method: 'PUT', status: 204 });
    write({ ...entry, route: '/odd/"quoted"\\path', status: 404 });
    write(entry);
    const lines = raw.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.method, l.route, l.status])).toEqual([
      ['GET', entry.route, 200],
      ['PUT', entry.route, 204],
      ['GET', '/odd/"quoted"\\path', 404],
      ['GET', entry.route, 200],
    ]);
  });

  it('writes nothing when the logger’s level is above info', () => {
    const { raw, logger, write } = capture('warn');
    write(entry);
    expect(raw).toEqual([]);
    logger.level = 'info';
    write(entry);
    expect(raw).toHaveLength(1);
  });

  it('through the batched destination, writes the same lines in order with the logger’s own', async () => {
    const chunks: string[] = [];
    const destination = createBatchedDestination({ write: (chunk: string) => chunks.push(chunk) });
    const logger = createLogger({ service: 'patient', destination });
    const write = createAccessLogWriter(logger);
    const plain = capture();
    logger.info('before');
    write(entry);
    logger.info('after');
    write({ ...entry, status: 503, durationMs: 0.5, bytes: 0 });
    plain.write(entry);
    await new Promise((resolve) => setImmediate(resolve));
    expect(chunks).toHaveLength(1);
    const lines = chunks[0]!.split('\n').filter(Boolean);
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual([
      'before',
      'request',
      'after',
      'request',
    ]);
    // Byte for byte what the string path writes, apart from the service and the time.
    const normalize = (line: string) =>
      line.replace(/"time":"[^"]+","service":"(?:[^"\\]|\\.)*"/, '');
    expect(normalize(lines[1]!)).toBe(normalize(plain.raw[0]!.trimEnd()));
    expect(JSON.parse(lines[3]!)).toMatchObject({ status: 503, duration_ms: 0.5, bytes: 0 });
  });
});
