import { waitFor } from '@vigil/testkit';
import net from 'node:net';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { BreakerRegistry, createManualClock } from '../resilience/index.js';
import { runWithTrace, traceFromTraceparent } from '../trace/index.js';
import { createRpcClient, type RpcClient } from './client.js';
import { runWithDeadline } from './deadline.js';
import { createRpcServer, type RpcServer } from './server.js';
import {
  captureLogger,
  echoHandlers,
  loadEcho,
  type EchoDefinition,
  type EchoState,
} from './testdata/echo-fixture.js';

const echo = loadEcho();
const { logger } = captureLogger();

interface Node {
  server: RpcServer;
  target: string;
  state: EchoState;
}

const nodes: Node[] = [];
const clients: { close(): void }[] = [];

async function startNode(name: string, relayTo?: () => RpcClient<EchoDefinition>): Promise<Node> {
  const state: EchoState = { calls: 0, aborted: 0 };
  // Server Timeout far above the test's deadlines: only the propagated deadline can cut a call.
  const server = createRpcServer(
    { ListenOn: '127.0.0.1:0', Timeout: 10_000 },
    { logger, service: name },
  );
  server.addService(echo.service, echoHandlers(name, logger, state, relayTo));
  const { port } = await server.start();
  const node = { server, target: `127.0.0.1:${port}`, state };
  nodes.push(node);
  return node;
}

function client(
  config: Parameters<typeof createRpcClient>[1],
  breakers?: BreakerRegistry,
  registry?: Registry,
): RpcClient<EchoDefinition> {
  const c = createRpcClient(echo, config, { logger, service: 'caller', breakers, registry });
  clients.push(c);
  return c;
}

function failure(p: Promise<unknown>): Promise<AppError> {
  return p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (err: unknown) => {
      expect(err).toBeInstanceOf(AppError);
      return err as AppError;
    },
  );
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

let a: Node;
let b: Node;
let relay: Node;

beforeAll(async () => {
  a = await startNode('a');
  b = await startNode('b');
  // relay → b, with a downstream default Timeout of 5 s that the inbound deadline must override.
  const downstream = client({ Endpoints: [b.target], Timeout: 5000 });
  relay = await startNode('relay', () => downstream);
});

afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all(nodes.map((n) => n.server.shutdown(1000)));
});

describe('rpc client', () => {
  it('spreads calls round-robin over the endpoint list', async () => {
    const c = client({ Endpoints: [a.target, b.target] });
    const served: string[] = [];
    for (let i = 0; i < 10; i++) served.push((await c.Echo({ message: String(i) })).server);
    expect(served.filter((s) => s === 'a')).toHaveLength(5);
    expect(served.filter((s) => s === 'b')).toHaveLength(5);
    // Strict alternation, whichever replica came first.
    for (let i = 1; i < served.length; i++) expect(served[i]).not.toBe(served[i - 1]);
  });

  it('balances a Target through grpc-js round_robin', async () => {
    const c = client({ Target: `ipv4:${a.target},${b.target}` });
    const seen = new Set<string>();
    await waitFor(
      async () => {
        seen.add((await c.Echo({})).server);
        return seen.size === 2;
      },
      { timeoutMs: 5000, what: 'both replicas to answer' },
    );
    expect([...seen].sort()).toEqual(['a', 'b']);
  });

  it('bounds a slow downstream by the inbound 200 ms deadline, not its own 5 s default', async () => {
    const c = client({ Endpoints: [relay.target], Timeout: 5000 });
    const abortedBefore = b.state.aborted;
    const started = Date.now();
    const err = await failure(c.Relay({ action: 'sleep:3000' }, { timeoutMs: 200 }));
    const elapsed = Date.now() - started;
    expect(err.code).toBe('TIMEOUT');
    expect(err.httpStatus).toBe(504);
    expect(elapsed).toBeGreaterThanOrEqual(180);
    expect(elapsed).toBeLessThan(800);
    // The downstream handler was told to stop, too.
    await waitFor(() => b.state.aborted > abortedBefore, { timeoutMs: 2000, what: 'abort' });
  });

  it('forwards the remaining deadline, traceparent and authorization through a relay', async () => {
    const c = client({ Endpoints: [relay.target] });
    const trace = traceFromTraceparent(undefined);
    const reply = await runWithTrace(trace, () =>
      c.Relay({ message: 'm' }, { timeoutMs: 200, authorization: 'Bearer abc' }),
    );
    expect(reply.server).toBe('b');
    expect(reply.trace_id).toBe(trace.traceId);
    expect(reply.authorization).toBe('Bearer abc');
    expect(Number(reply.remaining_ms)).toBeGreaterThan(0);
    expect(Number(reply.remaining_ms)).toBeLessThanOrEqual(200);
  });

  it('fails fast without a network call when the inbound deadline has passed', async () => {
    const c = client({ Endpoints: [a.target] });
    const before = a.state.calls;
    const err = await failure(runWithDeadline(Date.now() - 1, () => c.Echo({})));
    expect(err.code).toBe('TIMEOUT');
    expect(a.state.calls).toBe(before);
  });

  it('forwards the authorization of the inbound scope when the call sets none', async () => {
    const c = client({ Endpoints: [a.target] });
    const reply = await runWithDeadline(undefined, () => c.Echo({}), {
      authorization: 'Bearer inbound',
    });
    expect(reply.authorization).toBe('Bearer inbound');
  });

  it('NonBlock true fails fast with UNAVAILABLE; false waits for the server until the deadline', async () => {
    const dead = `127.0.0.1:${await freePort()}`;
    const fast = client({ Endpoints: [dead], Breaker: false });
    const e1 = await failure(fast.Echo({}, { timeoutMs: 3000 }));
    expect(e1.code).toBe('UNAVAILABLE');
    const patient = client({ Endpoints: [dead], Breaker: false, NonBlock: false });
    const started = Date.now();
    const e2 = await failure(patient.Echo({}, { timeoutMs: 200 }));
    expect(e2.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
  });
});

describe('rpc client breaker', () => {
  it('cuts off a failing downstream with a fast UNAVAILABLE and lets it back when healthy', async () => {
    const clock = createManualClock(0);
    const breakers = new BreakerRegistry({ clock: clock.now, random: () => 0, windowMs: 1000 });
    const registry = new Registry();
    const c = client({ Endpoints: [a.target] }, breakers, registry);
    a.state.failWith = 'INTERNAL';
    try {
      let reached = 0;
      let opened: AppError | undefined;
      for (let i = 0; i < 20 && !opened; i++) {
        const before = a.state.calls;
        const err = await failure(c.Echo({}));
        if (a.state.calls > before) {
          reached++;
          expect(err.code).toBe('INTERNAL');
        } else {
          opened = err;
        }
      }
      // go-zero's protection lets 5 requests through before any drop; then the formula trips.
      expect(reached).toBeGreaterThanOrEqual(5);
      expect(opened?.code).toBe('UNAVAILABLE');
      expect(opened?.message).toBe('circuit breaker is open');
      expect(opened?.httpStatus).toBe(503);
      const before = a.state.calls;
      const started = performance.now();
      await failure(c.Echo({}));
      expect(performance.now() - started).toBeLessThan(100);
      expect(a.state.calls).toBe(before);
      expect(await registry.metrics()).toMatch(/vigil_rpc_breaker_state\{[^}]*\} 1/);
    } finally {
      a.state.failWith = undefined;
    }
    // Healthy again: once the failures age out of the window, calls flow.
    clock.advance(1001);
    await expect(c.Echo({ message: 'back' })).resolves.toMatchObject({ message: 'back' });
    expect(await registry.metrics()).toMatch(/vigil_rpc_breaker_state\{[^}]*\} 0/);
  });

  it('does not count caller errors (NOT_FOUND) against the downstream', async () => {
    const breakers = new BreakerRegistry({ random: () => 0 });
    const c = client({ Endpoints: [a.target] }, breakers);
    for (let i = 0; i < 20; i++) {
      expect((await failure(c.Echo({ action: 'app:PATIENT_NOT_FOUND' }))).code).toBe(
        'PATIENT_NOT_FOUND',
      );
    }
  });

  it('routes around a failing replica once its own breaker opens', async () => {
    const clock = createManualClock(0);
    const breakers = new BreakerRegistry({ clock: clock.now, random: () => 0 });
    const c = client({ Endpoints: [a.target, b.target] }, breakers);
    a.state.failWith = 'UNAVAILABLE';
    try {
      const outcomes: string[] = [];
      for (let i = 0; i < 30; i++) {
        outcomes.push(
          await c.Echo({}).then(
            (r) => r.server,
            (e: AppError) => e.code,
          ),
        );
      }
      expect(outcomes.slice(-10)).toEqual(Array(10).fill('b'));
      expect(outcomes.filter((o) => o === 'UNAVAILABLE').length).toBeLessThanOrEqual(8);
    } finally {
      a.state.failWith = undefined;
    }
  });
});
