import { describe, expect, it } from 'vitest';
import { resolveRpcClientConfig, resolveRpcServerConfig } from './config.js';

describe('rpc config schemas', () => {
  it("fills go-zero's defaults from the schema", () => {
    expect(resolveRpcServerConfig({})).toEqual({
      ListenOn: '0.0.0.0:9000',
      Timeout: 2000,
      CpuThreshold: 900,
      Health: true,
      Reflection: true,
      MaxMessageBytes: 4 * 1024 * 1024,
      SlowThresholdMs: 500,
      AccessLog: true,
    });
    expect(resolveRpcClientConfig({ Target: 'dns:///patient:9002' })).toMatchObject({
      Timeout: 2000,
      NonBlock: true,
      Breaker: true,
      KeepaliveMs: 20_000,
    });
  });

  it('names the bad key', () => {
    expect(() => resolveRpcServerConfig({ CpuThreshold: 1000 })).toThrow(/\/CpuThreshold/);
    expect(() => resolveRpcServerConfig({ ListenOn: 'nowhere' })).toThrow(/\/ListenOn/);
    expect(() => resolveRpcClientConfig({ Endpoints: ['a:1'], Timeout: 0 })).toThrow(/\/Timeout/);
  });

  it('wants exactly one of Endpoints or Target', () => {
    expect(() => resolveRpcClientConfig({})).toThrow(/exactly one/);
    expect(() => resolveRpcClientConfig({ Endpoints: ['a:1'], Target: 'dns:///a:1' })).toThrow(
      /exactly one/,
    );
  });

  it('leaves an already resolved config as it is', () => {
    const once = resolveRpcServerConfig({ Timeout: 10 });
    expect(resolveRpcServerConfig(once)).toEqual(once);
  });
});
