import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { AppError } from '../errors/index.js';

/**
 * proto-loader options every Vigil service uses, so a message looks the same in every process:
 * - `keepCase`: field names as written in the .proto (`trace_id`), like go-zero's generated structs
 *   and the Python/Go peers; no silent renaming between the wire and the code.
 * - `longs: String`: int64/uint64 arrive as decimal strings. `Number` would silently lose
 *   precision above 2^53 (ids, byte counts), `Long` objects leak a library type into logic code;
 *   strings are exact and are also what proto3's JSON mapping uses for 64-bit ints. Outgoing
 *   messages accept a number or a string. Run `proto-loader-gen-types --longs=String` to match.
 * - `enums: String`: enum values by name, readable in logs and stable across renumbering.
 * - `defaults: true`: absent scalars are present with their zero value, as proto3 promises.
 * - `oneofs: true`: a virtual field names which member of each oneof is set.
 */
export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

/** A loaded .proto: its package definition (for reflection) and the grpc-js object tree. */
export interface ProtoPackage {
  readonly packageDefinition: protoLoader.PackageDefinition;
  readonly root: grpc.GrpcObject;
  /** The client constructor of a fully qualified service (`vigil.patient.Patient`). */
  service(fullName: string): grpc.ServiceClientConstructor;
}

// The service definition objects a ProtoPackage hands out → the package they came from, so the
// server can serve reflection for exactly the services it registered.
const packageOfService = new WeakMap<object, protoLoader.PackageDefinition>();

/** The package definition a service definition was loaded from by {@link loadProto}. */
export function packageDefinitionOf(
  definition: grpc.ServiceDefinition,
): protoLoader.PackageDefinition | undefined {
  return packageOfService.get(definition);
}

/** Loads a .proto file (synchronously: it runs once at startup) with {@link PROTO_LOADER_OPTIONS}. */
export function loadProto(file: string, options: { includeDirs?: string[] } = {}): ProtoPackage {
  const packageDefinition = protoLoader.loadSync(file, {
    ...PROTO_LOADER_OPTIONS,
    includeDirs: options.includeDirs ?? [],
  });
  return fromPackageDefinition(packageDefinition);
}

/** Wraps an already loaded package definition (e.g. from proto-loader with custom options). */
export function fromPackageDefinition(
  packageDefinition: protoLoader.PackageDefinition,
): ProtoPackage {
  const root = grpc.loadPackageDefinition(packageDefinition);
  for (const entry of Object.values(packageDefinition)) {
    if (isServiceDefinition(entry)) packageOfService.set(entry, packageDefinition);
  }
  return {
    packageDefinition,
    root,
    service(fullName) {
      let node: unknown = root;
      for (const part of fullName.split('.')) {
        node = (node as Record<string, unknown> | undefined)?.[part];
      }
      if (typeof node !== 'function' || !('service' in node)) {
        throw new AppError('INTERNAL', `service ${fullName} is not defined in the loaded proto`);
      }
      return node as grpc.ServiceClientConstructor;
    },
  };
}

function isServiceDefinition(entry: unknown): entry is grpc.ServiceDefinition {
  // Message and enum entries carry `format`; a service is a map of method definitions.
  return typeof entry === 'object' && entry !== null && !('format' in entry);
}
