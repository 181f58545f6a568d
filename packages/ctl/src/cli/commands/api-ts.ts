// `vigilctl api ts --api FILE --dir DIR`: a complete @vigil/core service from an `.api` contract
// (goctl `api go`). `.proto` files in DIR are generated with it (they share the service shell).
import type { Command } from 'commander';
import { runServiceGen } from '../../gen/service.js';
import { hasDrift } from '../../gen/write-files.js';
import { ExitCode, type CliIo } from '../io.js';
import { intOption, printReport } from './gen-report.js';

interface Options {
  api: string;
  dir: string;
  port?: number;
  grpcPort?: number;
  order?: number;
  check?: boolean;
}

/** Register `ts` under the `api` command. */
export function register(api: Command, io: CliIo): void {
  api
    .command('ts')
    .description('generate a TypeScript service on @vigil/core from an .api file')
    .requiredOption('--api <file>', 'root .api file')
    .requiredOption('--dir <dir>', 'service folder, e.g. services/patient')
    .option('--port <n>', 'HTTP port of a new service', intOption)
    .option('--grpc-port <n>', 'gRPC port of a new service (when it has a .proto)', intOption)
    .option('--order <n>', "start order in `vigil start` (package.json's vigil.order)", intOption)
    .option('--check', 'write nothing; exit 1 listing files that would change')
    .action(async (o: Options) => {
      const r = await runServiceGen(
        { dir: o.dir, api: o.api, httpPort: o.port, grpcPort: o.grpcPort, order: o.order },
        o.check,
      );
      for (const m of r.messages) io.stderr(`${m}\n`);
      if (r.failed || !r.report) throw new ExitCode(1);
      printReport(io, o.dir, r.report, o.check === true);
      if (o.check && hasDrift(r.report)) throw new ExitCode(1);
    });
}
