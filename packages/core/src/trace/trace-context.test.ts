import { describe, expect, it } from 'vitest';
import {
  currentTrace,
  formatTraceparent,
  parseTraceparent,
  runWithTrace,
  traceFromTraceparent,
} from './index.js';

const valid = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('W3C trace context', () => {
  it('parses a valid traceparent and continues its trace with a new span', () => {
    expect(parseTraceparent(valid)).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentSpanId: '00f067aa0ba902b7',
      flags: 1,
    });
    const ctx = traceFromTraceparent(valid);
    expect(ctx.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(ctx.parentSpanId).toBe('00f067aa0ba902b7');
    expect(ctx.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(ctx.spanId).not.toBe('00f067aa0ba902b7');
    expect(formatTraceparent(ctx)).toBe(`00-${ctx.traceId}-${ctx.spanId}-01`);
  });

  it.each([
    ['all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['all-zero span id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['version ff', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['short trace id', '00-4bf92f3577b34da6a3ce929d0e0e47-00f067aa0ba902b7-01'],
    ['trailing data on version 00', `${valid}-extra`],
    ['garbage', 'hello'],
  ])('rejects %s and starts a new trace', (_what, header) => {
    expect(parseTraceparent(header)).toBeUndefined();
    const ctx = traceFromTraceparent(header);
    expect(ctx.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(ctx.parentSpanId).toBeUndefined();
  });

  it('makes the context visible to code running inside it, across awaits', async () => {
    const ctx = traceFromTraceparent(undefined);
    const seen = await runWithTrace(ctx, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return currentTrace();
    });
    expect(seen).toBe(ctx);
    expect(currentTrace()).toBeUndefined();
  });
});
