// Issue 7's metrics acceptance: the embedded platform as `vigil start` runs it, some traffic on
// every path (login, reads through the gateway, gRPC, a batch enrolment that goes through the
// outbox to the worker), then each service's /metrics is scraped and must be strict Prometheus
// text holding the families docs/metrics.md documents for what that service does, with the
// `service` label on every series and no request data (ids, names) in any label.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, createMetricsRegistry, createRpcClient, loadProto } from '@vigil/core';
import { parsePrometheusText, waitFor, type PromFamily } from '@vigil/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type PlatformPorts, type RunningPlatform } from './platform.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// +14000 from the defaults: clear of `npm start` and of the other platform tests (18xxx, 28xxx),
// and below Linux's ephemeral range (32768+), where an outgoing connection of another test can
// hold a port for a moment and make the listen fail with EADDRINUSE.
const ports: PlatformPorts = {
  gateway: 22888,
  identity: 22001,
  identityGrpc: 23001,
  patient: 22002,
  patientGrpc: 23002,
  followup: 22007,
  postgres: 19439,
};

const HTTP = ['vigil_http_server_duration_seconds', 'vigil_http_shed_total'];
const PROCESS = [
  'vigil_process_event_loop_utilization',
  'vigil_process_nodejs_eventloop_lag_p99_seconds',
  'vigil_process_process_cpu_seconds_total',
];
const SHEDDER = [
  'vigil_shedder_load_permille',
  'vigil_shedder_inflight',
  'vigil_shedder_max_inflight',
  'vigil_shedder_dropping',
];
const DB = [
  'vigil_db_query_duration_seconds',
  'vigil_db_pool_open_connections',
  'vigil_db_pool_idle_connections',
  'vigil_db_pool_waiting_requests',
  'vigil_db_pool_max_connections',
];
const RPC_SERVER = ['vigil_rpc_server_duration_seconds', 'vigil_rpc_shed_total'];

/** What each service must expose once the traffic below has run. */
const expected: Record<string, { port: number; names: string[] }> = {
  gateway: {
    port: ports.gateway,
    names: [
      ...HTTP,
      ...PROCESS,
      'vigil_http_rate_limited_total',
      'vigil_http_client_duration_seconds',
    ],
  },
  identity: {
    port: ports.identity,
    names: [...HTTP, ...PROCESS, ...SHEDDER, ...DB, ...RPC_SERVER],
  },
  patient: {
    port: ports.patient,
    names: [
      ...HTTP,
      ...PROCESS,
      ...SHEDDER,
      ...DB,
      ...RPC_SERVER,
      'vigil_cache_requests_total',
      'vigil_outbox_published_total',
      'vigil_outbox_lag_seconds',
    ],
  },
  followup: {
    port: ports.followup,
    names: [
      ...HTTP,
      ...PROCESS,
      ...SHEDDER,
      ...DB,
      'vigil_queue_consume_duration_seconds',
      'vigil_queue_depth',
      'vigil_followup_plans_total',
      'vigil_followup_plan_lag_seconds',
    ],
  },
};

let platform: RunningPlatform;
let patientId = '';

beforeAll(async () => {
  platform = await startPlatform({ only: Object.keys(expected), ports });
}, 300_000);

afterAll(async () => {
  // As a process manager stops it: services first, PostgreSQL last, nothing left running.
  if (platform) expect(await platform.stop('SIGTERM')).toEqual({ code: 0, survivors: [] });
});

async function scrape(port: number): Promise<{ text: string; families: Map<string, PromFamily> }> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  return { text, families: parsePrometheusText(text) };
}

/** Documented families: the tables of docs/metrics.md plus prom-client's process defaults. */
async function documentedNames(): Promise<Set<string>> {
  const doc = readFileSync(path.join(root, 'docs/metrics.md'), 'utf8');
  const names = new Set([...doc.matchAll(/^\|\s*`(vigil_[a-z0-9_]+)`/gm)].map((m) => m[1]!));
  for (const m of await createMetricsRegistry('doc').getMetricsAsJSON()) names.add(m.name);
  return names;
}

describe('every service /metrics', () => {
  it('drives traffic through every path', async () => {
    const gateway = platform.gateway;
    const loginRes = await fetch(`${gateway}/api/v1/identity/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'coordinator', password: 'vigil-demo' }),
    });
    const { accessToken } = (await loginRes.json()) as { accessToken: string };
    const authorization = `Bearer ${accessToken}`;
    const enrol = await fetch(`${gateway}/api/v1/patient/patients/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({
        patients: [
          { trialId: 'VIG-001', siteId: 'S02', name: 'Metric Test', mobile: '13800005678' },
        ],
      }),
    });
    expect(enrol.status).toBe(201);
    patientId = ((await enrol.json()) as { ids: string[] }).ids[0]!;
    for (let i = 0; i < 3; i++) {
      const read = await fetch(`${gateway}/api/v1/patient/patients/${patientId}`, {
        headers: { authorization },
      });
      expect(read.status).toBe(200);
    }
    const logger = createLogger({ service: 'e2e', level: 'silent' });
    const sub = (
      JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()) as { sub: string }
    ).sub;
    const identity = createRpcClient(
      loadProto(path.join(root, 'services/identity/identity.proto')).service(
        'identity.v1.IdentityService',
      ),
      { Endpoints: [`127.0.0.1:${ports.identityGrpc}`] },
      { logger, service: 'e2e' },
    ) as unknown as { GetUser(r: object, o: object): Promise<unknown>; close(): void };
    const patient = createRpcClient(
      loadProto(path.join(root, 'services/patient/patient.proto')).service(
        'patient.PatientService',
      ),
      { Endpoints: [`127.0.0.1:${ports.patientGrpc}`] },
      { logger, service: 'e2e' },
    ) as unknown as { getPatient(r: object, o: object): Promise<unknown>; close(): void };
    await identity.GetUser({ id: sub }, { authorization });
    await patient.getPatient({ id: patientId }, { authorization });
    identity.close();
    patient.close();
    // The worker has planned the enrolment (its plan counter moved).
    await waitFor(
      async () => (await scrape(ports.followup)).text.includes('vigil_followup_plans_total{'),
      { what: 'the follow-up plan', timeoutMs: 20_000, intervalMs: 200 },
    );
  });

  it.each(Object.entries(expected))(
    '%s: strict Prometheus text with the documented families, bounded labels',
    async (service, { port, names }) => {
      const documented = await documentedNames();
      // vigil_queue_depth is refreshed every DepthIntervalMs (5 s): wait for its first sample.
      let missing: string[] = names;
      let families = new Map<string, PromFamily>();
      await waitFor(
        async () => {
          families = (await scrape(port)).families;
          // A labelled family has no sample until its first event (no call shed yet): its
          // HELP/TYPE lines are what must be there.
          missing = names.filter((n) => !families.has(n));
          if (service === 'followup' && !families.get('vigil_queue_depth')?.samples.length) {
            missing.push('vigil_queue_depth samples');
          }
          return missing.length === 0;
        },
        { what: `${service}'s families`, timeoutMs: 15_000, intervalMs: 250 },
      ).catch(() => undefined);
      expect(missing).toEqual([]);
      const undocumented = [...families.keys()].filter(
        (n) => n.startsWith('vigil_') && !documented.has(n),
      );
      expect(undocumented).toEqual([]);
      for (const family of families.values()) {
        if (!family.name.startsWith('vigil_')) continue;
        for (const sample of family.samples) {
          expect(sample.labels.service, `${sample.name} service label`).toBe(service);
          for (const value of Object.values(sample.labels)) {
            expect(value).not.toContain(patientId);
            expect(value).not.toMatch(/Metric Test|13800005678|coordinator/);
          }
        }
      }
      // Route templates, never raw paths.
      const routes = new Set(
        families.get('vigil_http_server_duration_seconds')!.samples.map((s) => s.labels.route),
      );
      if (service === 'patient') expect(routes).toContain('/api/v1/patient/patients/:patientId');
      if (service === 'gateway') expect(routes).toContain('/api/v1/patient/*');
    },
  );
});
