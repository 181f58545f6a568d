// Names for the RPC side of a service: one logic file per method, created once
// (go-zero zrpc: internal/logic/<method>logic.go; with several services, one folder each).
import { basename } from 'node:path';
import { camelCase, kebabCase, pascalCase } from '../naming.js';
import type { ProtoMethod, ProtoModel, ProtoService } from './proto-model.js';

/** One unary method to serve. */
export interface RpcMethodPlan {
  model: ProtoModel;
  service: ProtoService;
  method: ProtoMethod;
  /** Relative to src/. */
  logicFile: string;
  logicClass: string;
  logicMethod: string;
  /** TS names of the request (as received) and response (as sent) types. */
  requestType: string;
  responseType: string;
  /** src-relative path of the proto's types file. */
  typesFile: string;
}

/** src-relative path of a proto's generated types file: `rpc/patient.gen.ts`. */
export function rpcTypesPath(model: ProtoModel): string {
  return `rpc/${kebabCase(basename(model.file, '.proto'))}.gen.ts`;
}

/** Plan every unary method of every service; streaming methods are listed in `skipped`. */
export function planRpc(models: ProtoModel[]): { methods: RpcMethodPlan[]; skipped: string[] } {
  const services = models.flatMap((m) => m.services.map((s) => ({ model: m, service: s })));
  const nested = services.length > 1;
  const methods: RpcMethodPlan[] = [];
  const skipped: string[] = [];
  for (const { model, service } of services) {
    const tsOf = (full: string) =>
      model.messages.find((m) => m.fullName === full)?.tsName ?? 'unknown';
    for (const method of service.methods) {
      if (method.requestStream || method.responseStream) {
        skipped.push(`${service.fullName}.${method.name}`);
        continue;
      }
      const dir = nested ? `rpc/logic/${kebabCase(service.name)}` : 'rpc/logic';
      methods.push({
        model,
        service,
        method,
        logicFile: `${dir}/${kebabCase(method.name)}.ts`,
        logicClass: `${pascalCase(method.name)}Logic`,
        logicMethod: camelCase(method.name),
        requestType: `${tsOf(method.requestType)}__Output`,
        responseType: tsOf(method.responseType),
        typesFile: rpcTypesPath(model),
      });
    }
  }
  return { methods, skipped };
}
