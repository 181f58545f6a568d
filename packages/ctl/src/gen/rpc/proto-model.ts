// A .proto file read with protobufjs (the parser @grpc/proto-loader itself uses), reduced to what
// the TypeScript generators need. Message shapes follow @vigil/core's PROTO_LOADER_OPTIONS
// (keepCase, longs: String, enums: String, defaults, oneofs), so the generated types describe
// exactly the objects grpc-js hands to handlers and clients.
import { dirname, isAbsolute, join } from 'node:path';
import { existsSync } from 'node:fs';
import protobuf from 'protobufjs';
import { commentText } from '../naming.js';

/** A message field. */
export interface ProtoField {
  name: string;
  /** Scalar type name (`string`, `int64`…) or the TS name of a message/enum. */
  type: string;
  kind: 'scalar' | 'message' | 'enum';
  repeated: boolean;
  /** Map key scalar type when the field is a map. */
  mapKey: string | undefined;
  /** Oneof the field belongs to (real or synthetic `_name` for proto3 `optional`). */
  oneof: string | undefined;
  comment: string;
}

/** A message type. */
export interface ProtoMessage {
  fullName: string;
  /** TypeScript name: the full name without this file's package, dots as `_`. */
  tsName: string;
  fields: ProtoField[];
  oneofs: { name: string; members: string[] }[];
  comment: string;
}

/** An enum type. */
export interface ProtoEnum {
  fullName: string;
  tsName: string;
  values: string[];
  comment: string;
}

/** An RPC method. */
export interface ProtoMethod {
  name: string;
  requestType: string;
  responseType: string;
  requestStream: boolean;
  responseStream: boolean;
  comment: string;
}

/** A service. */
export interface ProtoService {
  fullName: string;
  name: string;
  methods: ProtoMethod[];
  comment: string;
}

/** One loaded .proto with everything it reaches (imports, well-known types). */
export interface ProtoModel {
  file: string;
  package: string;
  messages: ProtoMessage[];
  enums: ProtoEnum[];
  /** Services declared in this file. */
  services: ProtoService[];
  /** protobufjs JSON of the whole root, embedded in the generated code (no .proto at run time). */
  json: protobuf.INamespace;
}

function tsNameOf(fullName: string, pkg: string): string {
  const name = fullName.replace(/^\./, '');
  const local = pkg && name.startsWith(`${pkg}.`) ? name.slice(pkg.length + 1) : name;
  return local.replace(/\./g, '_');
}

function clean(comment: string | null): string {
  return comment ? commentText([comment]) : '';
}

/** Load `file` (imports resolved next to it, then under `includeDirs`). Throws on a bad file. */
export function loadProtoModel(file: string, includeDirs: string[] = []): ProtoModel {
  const root = new protobuf.Root();
  const dirs = [dirname(file), ...includeDirs];
  root.resolvePath = (origin, target) => {
    if (isAbsolute(target)) return target;
    for (const d of [origin ? dirname(origin) : '', ...dirs]) {
      const candidate = join(d, target);
      if (existsSync(candidate)) return candidate;
    }
    return target;
  };
  root.loadSync(file, { keepCase: true, alternateCommentMode: true });
  root.resolveAll();
  const messages: ProtoMessage[] = [];
  const enums: ProtoEnum[] = [];
  const services: ProtoService[] = [];
  let pkg: string | undefined;
  const walk = (ns: protobuf.NamespaceBase) => {
    for (const obj of ns.nestedArray) {
      const declaration =
        obj instanceof protobuf.Type ||
        obj instanceof protobuf.Enum ||
        obj instanceof protobuf.Service;
      if (pkg === undefined && declaration && obj.filename === file) {
        // The package of the file: the namespace around its first declaration.
        pkg = obj.fullName.slice(1).split('.').slice(0, -1).join('.');
      }
      if (obj instanceof protobuf.Type) {
        messages.push(messageOf(obj));
      } else if (obj instanceof protobuf.Enum) {
        enums.push({
          fullName: obj.fullName.slice(1),
          tsName: '',
          values: Object.keys(obj.values),
          comment: clean(obj.comment),
        });
      } else if (obj instanceof protobuf.Service) {
        if (obj.filename === file) {
          services.push({
            fullName: obj.fullName.slice(1),
            name: obj.name,
            comment: clean(obj.comment),
            methods: obj.methodsArray.map((m) => ({
              name: m.name,
              requestType: m.resolvedRequestType?.fullName.slice(1) ?? m.requestType,
              responseType: m.resolvedResponseType?.fullName.slice(1) ?? m.responseType,
              requestStream: m.requestStream === true,
              responseStream: m.responseStream === true,
              comment: clean(m.comment),
            })),
          });
        }
      }
      if (obj instanceof protobuf.Namespace || obj instanceof protobuf.Type) walk(obj);
    }
  };
  walk(root);
  const own = pkg ?? '';
  for (const m of messages) {
    m.tsName = tsNameOf(m.fullName, own);
    for (const f of m.fields) if (f.kind !== 'scalar') f.type = tsNameOf(f.type, own);
  }
  for (const e of enums) e.tsName = tsNameOf(e.fullName, own);
  return { file, package: own, messages, enums, services, json: root.toJSON() };
}

function messageOf(t: protobuf.Type): ProtoMessage {
  const fields: ProtoField[] = t.fieldsArray.map((f) => {
    const resolved = f.resolvedType;
    const kind =
      resolved instanceof protobuf.Type
        ? 'message'
        : resolved instanceof protobuf.Enum
          ? 'enum'
          : 'scalar';
    return {
      name: f.name,
      type: resolved ? resolved.fullName : f.type,
      kind,
      repeated: f.repeated,
      mapKey: f instanceof protobuf.MapField ? f.keyType : undefined,
      oneof: f.partOf?.name,
      comment: clean(f.comment),
    };
  });
  return {
    fullName: t.fullName.slice(1),
    tsName: '',
    fields,
    oneofs: t.oneofsArray.map((o) => ({ name: o.name, members: o.fieldsArray.map((f) => f.name) })),
    comment: clean(t.comment),
  };
}
