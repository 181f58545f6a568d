// Load generator process: `node load.ts <url> <seconds> <connections> [header=value...]`; prints
// autocannon's summary as JSON. Runs in its own process so it can be pinned to another core.
import autocannon from 'autocannon';

const [url, seconds, connections, ...headerArgs] = process.argv.slice(2);
const headers = Object.fromEntries(
  headerArgs.map((h) => h.split(/=(.*)/s).slice(0, 2) as [string, string]),
);
const result = await autocannon({
  url: url!,
  duration: Number(seconds),
  connections: Number(connections),
  pipelining: 1,
  headers,
});
process.stdout.write(
  JSON.stringify({
    requests: result.requests.total,
    rps: result.requests.average,
    p99: result.latency.p99,
    p50: result.latency.p50,
    errors: result.errors + result.non2xx,
    seconds: Number(seconds),
  }),
);
