import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from './platform.js';

let platform: RunningPlatform;

beforeAll(async () => {
  platform = await startPlatform({ only: ['gateway'] });
}, 240_000);

afterAll(async () => {
  expect(await platform.stop()).toEqual({ code: 0, survivors: [] });
});

describe('vigil start (gateway alone)', () => {
  it('prints a ready line per service and the URLs', () => {
    expect(platform.output()).toMatch(/✓ gateway\s+ready on :18888/);
    expect(platform.output()).toContain('http://127.0.0.1:18888');
  });

  it('answers /healthz and the error envelope for an unknown route', async () => {
    const health = await fetch(`${platform.gateway}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', service: 'gateway' });
    const missing = await fetch(`${platform.gateway}/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers 503 UNAVAILABLE with a trace id when an upstream is down', async () => {
    const res = await fetch(`${platform.gateway}/api/v1/followup/anything`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { code: string; traceId: string };
    expect(body.code).toBe('UNAVAILABLE');
    expect(body.traceId).toMatch(/^[0-9a-f]{32}$/);
  });
});
