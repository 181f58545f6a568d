import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runWithTrace, traceFromTraceparent } from '../trace/index.js';
import { createLogger, redact, REDACTED } from './index.js';

function collect() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { lines, raw, destination };
}

describe('logger', () => {
  it('writes time, level, service, msg and the active trace ids', () => {
    const { lines, destination } = collect();
    const log = createLogger({ service: 'patient', destination });
    const ctx = traceFromTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    runWithTrace(ctx, () => log.info('looking up patient'));
    log.info('outside');
    expect(lines[0]).toMatchObject({
      level: 'info',
      service: 'patient',
      msg: 'looking up patient',
      trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
      span_id: ctx.spanId,
    });
    expect(typeof lines[0]!.time).toBe('string');
    expect(lines[1]).not.toHaveProperty('trace_id');
  });

  it('never writes passwords, tokens, authorization headers or personal fields', () => {
    const { raw, destination } = collect();
    const log = createLogger({ service: 'identity', destination });
    log.info(
      {
        user: {
          name: '张三',
          mobile: '13812341234',
          idCard: '110101199001011234',
          email: 'a@b.cn',
        },
        password: 'hunter2-password',
        headers: { authorization: 'Bearer eyJsecret', 'x-request-id': 'r1' },
        body: { patients: [{ name: 'John Doe', Mobile: '13900000000' }] },
        refresh_token: 'rt-secret',
      },
      'login',
    );
    const line = raw.join('\n');
    for (const secret of [
      '张三',
      '13812341234',
      '110101199001011234',
      'a@b.cn',
      'hunter2',
      'eyJsecret',
      'John Doe',
      '13900000000',
      'rt-secret',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('x-request-id');
    expect(line).toContain(REDACTED);
  });

  it('returns objects without sensitive fields unchanged (no copy)', () => {
    const safe = { route: '/a', status: 200, nested: { ok: true } };
    expect(redact(safe)).toBe(safe);
  });
});

describe('free-text scrubbing', () => {
  it('masks secrets and personal data inside messages and exception text', async () => {
    const { scrubText } = await import('./index.js');
    const text = scrubText(
      'failed {"password":"pa55","Mobile":"13812345678","ok":1} auth=Bearer abc.def id 11010119900101123X mail a.b@c.org tel 13987654321',
    );
    for (const secret of [
      'pa55',
      '13812345678',
      'abc.def',
      '11010119900101123X',
      'a.b@c.org',
      '13987654321',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('"ok":1');
  });
});
