// Where each variable a service config reads comes from in a container. The YAML defaults suit a
// developer machine (loopback addresses, dev secrets); in a cluster every such value must come
// from somewhere else, or a replica would talk to itself or run with a published dev secret.
// The same rules drive the Kubernetes generator and the repository test of deploy/compose.yaml.
import { uniqueEnvRefs, type EnvRef } from './env-refs.js';
import { serviceEnvPrefix, type DeployService } from './service-catalog.js';

/** Where a variable's value comes from in a container. */
export type EnvSource =
  /** Fixed by the deployment: bind address, mode, ports, peer service addresses. */
  | { kind: 'value'; value: string }
  /** A credential (database URL with password, signing secret): from the service's Secret. */
  | { kind: 'secret' }
  /** Set by the operator for the whole platform (no default, or a loopback default). */
  | { kind: 'platform' }
  /** The YAML default is right in a container too (log level, tuning). */
  | { kind: 'default' };

/** One variable of a service and where it comes from. */
export interface EnvPlanEntry {
  name: string;
  ref: EnvRef;
  source: EnvSource;
}

/** How peers are addressed: compose reaches every replica by service name; Kubernetes splits. */
export interface AddressStyle {
  /** Host name of a service's HTTP port (Kubernetes Service, compose service). */
  httpHost: (service: string) => string;
  /** Host name gRPC clients resolve: every replica's address, so they balance per call. */
  grpcHost: (service: string) => string;
}

/** Compose: the service name resolves to every replica (Docker's embedded DNS). */
export const COMPOSE_ADDRESSES: AddressStyle = { httpHost: (s) => s, grpcHost: (s) => s };

/**
 * Kubernetes: HTTP through the ClusterIP Service; gRPC through the headless Service, whose DNS
 * name lists every ready pod, because one HTTP/2 connection to a ClusterIP sticks to one pod.
 */
export const KUBE_ADDRESSES: AddressStyle = {
  httpHost: (s) => s,
  grpcHost: (s) => `${s}-headless`,
};

/** Bind address inside a container: every interface, or the port is unreachable from outside. */
export const CONTAINER_HOST = '0.0.0.0';

const SECRET_NAME = /(_DATABASE_URL|_DSN|_SECRET|_PASSWORD|_PASS|_KEY|_TOKEN|_CREDENTIALS)$/;
// Broker and cache URLs carry their password in the URL (amqp://user:pass@…, redis://:pass@…).
const SECRET_URL = /(^|_)(REDIS|AMQP|RABBITMQ|BROKER|QUEUE|CACHE)_URL$/;
// `scheme://[user[:pass]@]127.0.0.1…` or a bare `127.0.0.1:9001` (gRPC targets).
const LOOPBACK_URL = /(\/\/(?:[^@/\s]*@)?)(127\.0\.0\.1|localhost|\[::1\])(?=[:/]|$)/;
const LOOPBACK_BARE = /^(127\.0\.0\.1|localhost)(?=:|$)/;

// Defaults that are right on a developer machine but wrong wherever the platform runs a
// collector: `TELEMETRY_BATCHER` defaults to `none` (nothing exported), so a cluster that should
// send traces to its collector must say so, once for the whole platform.
const PLATFORM_VARS = new Set(['TELEMETRY_BATCHER']);

/** True for a variable that carries a credential and so belongs in a Secret. */
export function isSecretVar(name: string): boolean {
  return SECRET_NAME.test(name) || SECRET_URL.test(name);
}

/** True when a default points at this machine (meaningless inside a container). */
export function isLoopbackDefault(value: string | undefined): boolean {
  return value !== undefined && (LOOPBACK_URL.test(value) || LOOPBACK_BARE.test(value));
}

function peerOf(name: string, services: readonly DeployService[]): DeployService | undefined {
  // Longest prefix first, so `FOLLOW_UP_URL` matches `follow-up` before a service named `follow`.
  return [...services]
    .sort((a, b) => b.name.length - a.name.length)
    .find((s) => name.startsWith(`${serviceEnvPrefix(s.name)}_`));
}

function rewriteLoopback(value: string, host: string): string {
  return value
    .replace(LOOPBACK_URL, (_m, prefix: string) => prefix + host)
    .replace(LOOPBACK_BARE, () => host);
}

/** Where `ref` comes from for a service of `services` addressed in `style`. */
export function envSource(
  ref: EnvRef,
  services: readonly DeployService[],
  style: AddressStyle,
): EnvSource {
  const { name } = ref;
  if (name === 'VIGIL_HOST') return { kind: 'value', value: CONTAINER_HOST };
  if (name === 'VIGIL_MODE') return { kind: 'value', value: 'production' };
  if (isSecretVar(name)) return { kind: 'secret' };
  if (PLATFORM_VARS.has(name)) return { kind: 'platform' };
  const peer = peerOf(name, services);
  if (peer) {
    const suffix = name.slice(serviceEnvPrefix(peer.name).length + 1);
    if (suffix === 'HTTP_PORT') return { kind: 'value', value: String(peer.httpPort) };
    if (suffix === 'GRPC_PORT' && peer.grpcPort !== undefined) {
      return { kind: 'value', value: String(peer.grpcPort) };
    }
    const grpc = suffix.startsWith('GRPC_');
    const host = grpc ? style.grpcHost(peer.name) : style.httpHost(peer.name);
    // A loopback default names the peer's path and port (`…:8001/.well-known/jwks.json`): keep
    // them, move the host. Without a default, the conventional address (`vigil start` sets the
    // same names: <NAME>_URL, <NAME>_GRPC_TARGET).
    if (isLoopbackDefault(ref.default)) {
      return { kind: 'value', value: rewriteLoopback(ref.default!, host) };
    }
    if (ref.default === undefined && suffix === 'URL') {
      return { kind: 'value', value: `http://${host}:${peer.httpPort}` };
    }
    if (ref.default === undefined && suffix === 'GRPC_TARGET' && peer.grpcPort !== undefined) {
      return { kind: 'value', value: `${host}:${peer.grpcPort}` };
    }
  }
  if (ref.default === undefined || isLoopbackDefault(ref.default)) return { kind: 'platform' };
  return { kind: 'default' };
}

/** Every variable `service`'s config reads (once each, by name) and where it comes from. */
export function planServiceEnv(
  service: DeployService,
  services: readonly DeployService[],
  style: AddressStyle,
  refs: readonly EnvRef[],
): EnvPlanEntry[] {
  const catalog = services.some((s) => s.name === service.name) ? services : [...services, service];
  return uniqueEnvRefs(refs).map((ref) => ({
    name: ref.name,
    ref,
    source: envSource(ref, catalog, style),
  }));
}
