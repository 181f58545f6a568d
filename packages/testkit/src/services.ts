import net from 'node:net';

/** The real servers this machine runs for integration tests, with their env overrides. */
export const serviceUrls = {
  postgres: () => process.env.VIGIL_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  mysql: () => process.env.VIGIL_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test',
  redis: () => process.env.VIGIL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  rabbitmq: () => process.env.VIGIL_TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
  nats: () => process.env.VIGIL_TEST_NATS_URL ?? 'nats://127.0.0.1:4222',
} as const;

export type ServiceName = keyof typeof serviceUrls;

const reachability = new Map<string, Promise<boolean>>();

function defaultPort(protocol: string): number {
  switch (protocol) {
    case 'postgres:':
    case 'postgresql:':
      return 5432;
    case 'mysql:':
      return 3306;
    case 'redis:':
      return 6379;
    case 'amqp:':
      return 5672;
    default:
      return 4222;
  }
}

/** True when a TCP connection to the URL's host:port succeeds within 1 s. */
export function isReachable(url: string): Promise<boolean> {
  let probe = reachability.get(url);
  if (!probe) {
    const u = new URL(url);
    const port = u.port ? Number(u.port) : defaultPort(u.protocol);
    probe = new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: u.hostname, port, timeout: 1000 });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(false));
    });
    reachability.set(url, probe);
  }
  return probe;
}

/**
 * Resolves the URL of a real server a suite needs. When it does not answer: under `CI=true` this
 * throws (the suite fails, as CI promises the servers), otherwise it prints one loud line naming
 * what is missing and returns undefined so the caller can `describe.skipIf(!url)`.
 */
export async function requireService(name: ServiceName): Promise<string | undefined> {
  const url = serviceUrls[name]();
  if (await isReachable(url)) return url;
  const redacted = url.replace(/\/\/[^@/]*@/, '//***@');
  if (process.env.CI === 'true') {
    throw new Error(`${name} is not reachable at ${redacted}; CI requires it (see .ci/run)`);
  }
  process.stderr.write(
    `\n!!! SKIPPING ${name} tests: ${name} is not reachable at ${redacted} (set CI=true to fail instead)\n\n`,
  );
  return undefined;
}
