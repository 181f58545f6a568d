// The two small programs the Vigil image carries (written into it by the Dockerfile's heredocs):
// the entry point that turns `docker run vigil patient` into the patient service's process, and
// the health check Docker runs inside the container. Kept here as strings so the generated
// Dockerfile is self-contained and the scripts can be run by the generator's tests.

/**
 * `vigil-entrypoint SERVICE [ARGS…]`: runs services/SERVICE's compiled main with its config
 * (`-f etc/SERVICE.yaml`; a later `-f FILE` in ARGS wins, as configFileFromArgs takes the last);
 * `migrate …` and `vigil …` run the operators' CLI. `exec` keeps node the direct child of tini,
 * so SIGTERM reaches it and the service drains before it exits.
 */
export const ENTRYPOINT_SCRIPT = `#!/bin/sh
# vigil-entrypoint SERVICE [ARGS...] | migrate [ARGS...] | vigil COMMAND [ARGS...]
set -eu
home="\${VIGIL_HOME:-/app}"

usage() {
  echo "usage: vigil-entrypoint SERVICE [-f CONFIG.yaml] | migrate [--service NAME] | vigil COMMAND"
  printf 'services:'
  for dir in "$home"/services/*/; do
    [ -f "$dir/package.json" ] && printf ' %s' "$(basename "$dir")"
  done
  echo
}

cmd="\${1:-\${VIGIL_SERVICE:-}}"
[ "$#" -gt 0 ] && shift
case "$cmd" in
  "" | -h | --help | help)
    usage
    [ -n "$cmd" ] && exit 0
    exit 64
    ;;
  migrate) exec node "$home/packages/cli/dist/bin.js" migrate "$@" ;;
  vigil) exec node "$home/packages/cli/dist/bin.js" "$@" ;;
esac

dir="$home/services/$cmd"
case "$cmd" in
  */* | .*) dir="" ;;
esac
if [ -z "$dir" ] || [ ! -f "$dir/package.json" ]; then
  echo "vigil-entrypoint: unknown service \\"$cmd\\"" >&2
  usage >&2
  exit 64
fi
# rootDir "src" compiles to dist/main.js; rootDir "." (migrations compiled too) to dist/src/main.js.
for main in dist/main.js dist/src/main.js; do
  if [ -f "$dir/$main" ]; then
    cd "$dir"
    exec node "$main" -f "etc/$cmd.yaml" "$@"
  fi
done
echo "vigil-entrypoint: $dir has no compiled dist/main.js (was it built?)" >&2
exit 70
`;

/**
 * `vigil-healthcheck [PATH] [SERVICE]`: exit 0 when the service in this container answers
 * GET PATH (default /healthz) with 2xx within 2 s. The service is SERVICE, else $VIGIL_SERVICE,
 * else the word after vigil-entrypoint in PID 1's command line; its port is
 * $<SERVICE>_HTTP_PORT, else `vigil.httpPort` of its package.json.
 */
export const HEALTHCHECK_SCRIPT = `#!/usr/bin/env node
'use strict';
// vigil-healthcheck [PATH] [SERVICE]: Docker HEALTHCHECK of a Vigil service container.
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const home = process.env.VIGIL_HOME || '/app';
const probe = process.argv[2] || '/healthz';

function fail(message) {
  process.stdout.write('unhealthy: ' + message + '\\n');
  process.exit(1);
}

function serviceName() {
  if (process.argv[3]) return process.argv[3];
  if (process.env.VIGIL_SERVICE) return process.env.VIGIL_SERVICE;
  try {
    const argv = fs.readFileSync('/proc/1/cmdline', 'utf8').split('\\0');
    const at = argv.findIndex((arg) => path.basename(arg) === 'vigil-entrypoint');
    return at >= 0 ? argv[at + 1] : undefined;
  } catch {
    return undefined;
  }
}

const service = serviceName();
if (!service || !/^[a-z0-9][a-z0-9-]*$/.test(service)) fail('no service to check');
const prefix = service.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
let port = Number(process.env[prefix + '_HTTP_PORT']);
if (!port) {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(home, 'services', service, 'package.json')));
    port = pkg.vigil && pkg.vigil.httpPort;
  } catch (err) {
    fail('cannot read the port of ' + service + ': ' + err.message);
  }
}
const request = http.get({ host: '127.0.0.1', port, path: probe, timeout: 2000 }, (res) => {
  res.resume();
  if (res.statusCode >= 200 && res.statusCode < 300) process.exit(0);
  fail(service + ' answered ' + probe + ' with ' + res.statusCode);
});
request.on('timeout', () => request.destroy(new Error('no answer within 2 s')));
request.on('error', (err) => fail(service + ' ' + probe + ': ' + err.message));
`;
