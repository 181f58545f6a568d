export {
  RpcClientConfigSchema,
  RpcServerConfigSchema,
  resolveRpcClientConfig,
  resolveRpcServerConfig,
} from './config.js';
export type {
  RpcClientConfig,
  RpcClientConfigInput,
  RpcServerConfig,
  RpcServerConfigInput,
} from './config.js';
export { currentAuthorization, currentDeadline, remainingMs, runWithDeadline } from './deadline.js';
export type { Scope as CallScope } from '../context/scope.js';
export { fromPackageDefinition, loadProto, PROTO_LOADER_OPTIONS } from './proto.js';
export type { ProtoPackage } from './proto.js';
export { createRpcServer, serviceNameOf } from './server.js';
export type { RpcServer, RpcServerOptions, RpcServiceImpl } from './server.js';
export type { RpcContext, UnaryHandler } from './server-handler.js';
export { createRpcClient } from './client.js';
export type { RpcClient, RpcClientOptions, RpcMethods } from './client.js';
export type { RpcCallOptions } from './client-call.js';
export { fromServiceError, isBreakerFailure, toRpcStatus } from './status.js';
