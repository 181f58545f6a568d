// The vigilctl command tree. Each command lives in commands/<name>.ts and exports
// `register(parent, io)`; add new ones (api ts, api openapi, api client, rpc ts, docker, kube)
// to the lists below.
import { Command } from 'commander';
import { register as apiClient } from './commands/api-client.js';
import { register as apiFormat } from './commands/api-format.js';
import { register as apiInspect } from './commands/api-inspect.js';
import { register as apiOpenapi } from './commands/api-openapi.js';
import { register as apiTs } from './commands/api-ts.js';
import { register as apiValidate } from './commands/api-validate.js';
import { register as docker } from './commands/docker.js';
import { register as gen } from './commands/gen.js';
import { register as kube } from './commands/kube.js';
import { register as rpc } from './commands/rpc.js';
import type { CliIo } from './io.js';

/** Registers a sub-command under a parent command. */
export type RegisterCommand = (parent: Command, io: CliIo) => void;

/** Sub-commands of `vigilctl api`. */
export const API_COMMANDS: RegisterCommand[] = [
  apiInspect,
  apiFormat,
  apiValidate,
  apiTs,
  apiOpenapi,
  apiClient,
];

/** Top-level commands other than `api` (each registers itself on the program). */
export const TOP_COMMANDS: RegisterCommand[] = [rpc, gen, docker, kube];

/** Build the program; output goes through `io`. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('vigilctl')
    .description("Vigil's goctl: .api contracts to TypeScript services, OpenAPI and clients")
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  const api = program
    .command('api')
    .description('.api contract tools')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const register of API_COMMANDS) register(api, io);
  for (const register of TOP_COMMANDS) register(program, io);
  for (const cmd of api.commands) {
    cmd.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  }
  return program;
}
