// `vigilctl rpc ts --proto FILE --dir DIR`: typed gRPC server stubs, clients and logic files on
// @vigil/core (goctl `rpc protoc`); `vigilctl rpc client --proto FILE --out FILE`: one
// self-contained client file for another service.
import type { Command } from 'commander';
import { loadProtoModel } from '../../gen/rpc/proto-model.js';
import { rpcStandaloneClientFile } from '../../gen/rpc/rpc-files.js';
import { findApi, runServiceGen } from '../../gen/service.js';
import { hasDrift, writeFiles } from '../../gen/write-files.js';
import { ExitCode, type CliIo } from '../io.js';
import { intOption, printReport } from './gen-report.js';

interface TsOptions {
  proto: string[];
  dir: string;
  port?: number;
  grpcPort?: number;
  order?: number;
  check?: boolean;
}

/** Register the `rpc` command tree on the program. */
export function register(program: Command, io: CliIo): void {
  const rpc = program
    .command('rpc')
    .description('.proto contract tools')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  rpc
    .command('ts')
    .description('generate typed gRPC server stubs, clients and logic files into a service')
    .requiredOption('--proto <file...>', '.proto file(s)')
    .requiredOption('--dir <dir>', 'service folder, e.g. services/patient')
    .option('--port <n>', 'HTTP port of a new service (health, metrics)', intOption)
    .option('--grpc-port <n>', 'gRPC port of a new service', intOption)
    .option('--order <n>', "start order in `vigil start` (package.json's vigil.order)", intOption)
    .option('--check', 'write nothing; exit 1 listing files that would change')
    .action(async (o: TsOptions) => {
      const r = await runServiceGen(
        {
          dir: o.dir,
          api: findApi(o.dir),
          protos: o.proto,
          httpPort: o.port,
          grpcPort: o.grpcPort,
          order: o.order,
        },
        o.check,
      );
      for (const m of r.messages) io.stderr(`${m}\n`);
      if (r.failed || !r.report) throw new ExitCode(1);
      printReport(io, o.dir, r.report, o.check === true);
      if (o.check && hasDrift(r.report)) throw new ExitCode(1);
    });
  rpc
    .command('client')
    .description('generate one self-contained typed client file of a .proto')
    .requiredOption('--proto <file>', '.proto file')
    .requiredOption('--out <file>', 'output file, ending in .gen.ts')
    .option('--check', 'write nothing; exit 1 if the file would change')
    .action(async (o: { proto: string; out: string; check?: boolean }) => {
      const content = rpcStandaloneClientFile(loadProtoModel(o.proto));
      const report = await writeFiles('', [{ path: o.out, content, kind: 'generated' }], {
        check: o.check,
      });
      printReport(io, '', report, o.check === true);
      if (o.check && hasDrift(report)) throw new ExitCode(1);
    });
  for (const cmd of rpc.commands) {
    cmd.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  }
}
