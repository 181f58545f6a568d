// src/rpc/<proto>.gen.ts: message types, typed service definitions and the loaded package of one
// .proto (what proto-loader-gen-types plus go-zero's pb.go give, in one file). Each message has
// two shapes, as grpc-js uses them: `X` is what you send (every field optional, int64 as number
// or string) and `X__Output` what you receive (defaults filled, int64 as a decimal string, enums
// by name, messages null when unset). The descriptor is embedded, so nothing reads the .proto at
// run time.
import { basename } from 'node:path';
import { jsString, propertyKey, tsDoc } from '../naming.js';
import { GENERATED_HEADER } from '../write-files.js';
import type { ProtoField, ProtoMessage, ProtoModel } from './proto-model.js';

const LONGS = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const NUMBERS = new Set(['double', 'float', 'int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);

function scalar(type: string, output: boolean): string {
  if (LONGS.has(type)) return output ? 'string' : 'number | string';
  if (NUMBERS.has(type)) return 'number';
  if (type === 'bool') return 'boolean';
  if (type === 'string') return 'string';
  if (type === 'bytes') return output ? 'Buffer' : 'Buffer | Uint8Array | string';
  return 'unknown';
}

function valueType(f: ProtoField, output: boolean): string {
  if (f.kind === 'scalar') return scalar(f.type, output);
  if (f.kind === 'enum') return f.type;
  return output ? `${f.type}__Output` : f.type;
}

function fieldLine(f: ProtoField, output: boolean): string {
  const v = valueType(f, output);
  let type: string;
  if (f.mapKey !== undefined) type = `{ [key: string]: ${v} }`;
  else if (f.repeated) type = /\s/.test(v) ? `Array<${v}>` : `${v}[]`;
  else if (f.kind === 'message') type = `${v} | null`;
  else type = v;
  // Output: every field is present (defaults: true) except members of a oneof.
  const optional = !output || f.oneof !== undefined;
  return `${tsDoc(f.comment, '  ')}  ${propertyKey(f.name)}${optional ? '?' : ''}: ${type};`;
}

function messageLines(m: ProtoMessage): string[] {
  const lines: string[] = [];
  for (const output of [false, true]) {
    const name = output ? `${m.tsName}__Output` : m.tsName;
    const doc = m.comment || m.fullName;
    lines.push(`${tsDoc(`${doc}${output ? ' (as received)' : ''}`)}export interface ${name} {`);
    for (const f of m.fields) lines.push(fieldLine(f, output));
    if (output) {
      // oneofs: true adds a virtual field naming the member that is set.
      for (const o of m.oneofs) {
        lines.push(`  ${propertyKey(o.name)}?: ${o.members.map(jsString).join(' | ')};`);
      }
    }
    lines.push('}', '');
  }
  return lines;
}

/** Name of the exported loaded package: `patient.proto` → `patientProto`. */
export function protoConstName(file: string): string {
  const base = basename(file, '.proto').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) =>
    (c ?? '').toUpperCase(),
  );
  return `${base.charAt(0).toLowerCase()}${base.slice(1)}Proto`;
}

/** The content of `src/rpc/<proto>.gen.ts`. */
export function rpcTypesFile(model: ProtoModel): string {
  const out: string[] = [
    GENERATED_HEADER,
    `// Source: ${basename(model.file)} (package ${model.package || '-'}).`,
    "import { fromJSON, type MethodDefinition } from '@grpc/proto-loader';",
    "import { fromPackageDefinition, PROTO_LOADER_OPTIONS } from '@vigil/core';",
    '',
  ];
  for (const e of model.enums) {
    out.push(
      `${tsDoc(e.comment || e.fullName)}export type ${e.tsName} = ${e.values.map(jsString).join(' | ') || 'never'};`,
      '',
    );
  }
  for (const m of model.messages) out.push(...messageLines(m));
  const byName = new Map(model.messages.map((m) => [m.fullName, m]));
  const tsOf = (full: string) => byName.get(full)?.tsName ?? 'unknown';
  for (const s of model.services) {
    out.push(
      `${tsDoc(`${s.comment || s.fullName}: method definitions, typed.`)}export type ${s.name}Definition = {`,
    );
    for (const m of s.methods) {
      const req = tsOf(m.requestType);
      const res = tsOf(m.responseType);
      out.push(
        `${tsDoc(m.comment, '  ')}  ${propertyKey(m.name)}: MethodDefinition<${req}, ${res}, ${req}__Output, ${res}__Output>;`,
      );
    }
    out.push('};', '');
  }
  const constName = protoConstName(model.file);
  out.push(
    '// protobufjs JSON of the file and everything it imports.',
    `const descriptor = ${JSON.stringify(model.json)};`,
    '',
    `/** ${basename(model.file)} loaded with Vigil's proto-loader options (for servers, clients, reflection). */`,
    `export const ${constName} = fromPackageDefinition(`,
    '  fromJSON(descriptor as Parameters<typeof fromJSON>[0], PROTO_LOADER_OPTIONS),',
    ');',
    '',
  );
  for (const s of model.services) {
    out.push(
      `/** ${s.fullName}: pass to createRpcServer().addService / createRpcClient. */`,
      `export const ${s.name} = ${constName}.service(${jsString(s.fullName)}) as unknown as {`,
      `  service: ${s.name}Definition;`,
      '};',
      '',
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
}
