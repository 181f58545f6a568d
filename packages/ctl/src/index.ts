// @vigil/ctl public API: the `.api` language (parse, load with imports, analyse, format) and the
// resolved contract model that generators consume.
export type {
  ApiFile,
  AtDoc,
  BodyType,
  Comments,
  FieldDecl,
  ImportStmt,
  InfoStmt,
  KeyValue,
  Pos,
  RouteDecl,
  RouteItem,
  ServerAnnotation,
  ServiceStmt,
  Stmt,
  StructExpr,
  SyntaxStmt,
  TypeDecl,
  TypeExpr,
  TypeStmt,
} from './api/ast.js';
export { analyzeApi, type AnalyzeResult } from './api/analyzer.js';
export {
  formatDiagnostic,
  hasErrors,
  type ApiDiagnostic,
  type SourcePos,
} from './api/diagnostics.js';
export { parseGoDuration } from './api/duration.js';
export { formatApi, type FormatResult } from './api/format.js';
export { loadApiFiles, type LoadedFiles, type ReadText } from './api/imports.js';
export {
  toInspectJson,
  type InspectField,
  type InspectJson,
  type InspectRoute,
} from './api/inspect.js';
export { loadApi, type LoadApiResult } from './api/load.js';
export { parseApiFile, parseApiSource, type ParseResult } from './api/parser.js';
export type {
  ApiSpec,
  BodyRef,
  Field,
  NumberRange,
  Route,
  RouteDoc,
  RouteGroup,
  TagOptions,
  TypeDef,
  TypeRef,
} from './api/spec.js';
export { parseTag, type ParsedTag } from './api/tags.js';
export type { Comment, HttpMethod, Token, TokenKind } from './api/tokens.js';
// Generators (src/gen): a service folder from its contracts, clients, OpenAPI.
export { clientFile } from './gen/client/client-file.js';
export { openApiDocument } from './gen/openapi/openapi.js';
export { loadProtoModel, type ProtoModel } from './gen/rpc/proto-model.js';
export { rpcStandaloneClientFile } from './gen/rpc/rpc-files.js';
export type { SchemaProblem } from './gen/schema/build-schema.js';
export {
  findApi,
  generateService,
  runServiceGen,
  type ServiceGenOptions,
  type ServiceGenResult,
} from './gen/service.js';
export { analyzeForGen, generateApiTs, type ApiTsResult } from './gen/ts/generate-api.js';
export {
  GENERATED_HEADER,
  hasDrift,
  writeFiles,
  type GeneratedFile,
  type WriteOptions,
  type WriteReport,
} from './gen/write-files.js';
// Deploy generators (src/gen/deploy): Dockerfile, Kubernetes manifests, env of a service.
export { ENTRYPOINT_SCRIPT, HEALTHCHECK_SCRIPT } from './gen/deploy/container-scripts.js';
export {
  CONTAINER_UID,
  generateDockerfile,
  type DockerfileOptions,
  type DockerfileOutput,
} from './gen/deploy/dockerfile.js';
export {
  COMPOSE_ADDRESSES,
  CONTAINER_HOST,
  envSource,
  isLoopbackDefault,
  isSecretVar,
  KUBE_ADDRESSES,
  planServiceEnv,
  type AddressStyle,
  type EnvPlanEntry,
  type EnvSource,
} from './gen/deploy/env-plan.js';
export { envRefsInText, findEnvRefs, uniqueEnvRefs, type EnvRef } from './gen/deploy/env-refs.js';
export { kubeEnv, kubeEnvPlan, PLATFORM_CONFIGMAP, secretName } from './gen/deploy/kube-env.js';
export {
  buildKubeObjects,
  CONFIG_MOUNT,
  KUBE_DEFAULTS,
  type KubeDeployOptions,
  type KubeObject,
} from './gen/deploy/kube-manifests.js';
export {
  exampleSecrets,
  kubeSyncFiles,
  migratedServices,
  type KubeSyncOptions,
} from './gen/deploy/kube-sync.js';
export {
  discoverDeployServices,
  findRepoRoot,
  readDeployService,
  serviceEnvPrefix,
  type DeployService,
} from './gen/deploy/service-catalog.js';
export {
  deployDrift,
  writeDeployFiles,
  type DeployFile,
  type DeployWriteReport,
} from './gen/deploy/write-deploy-files.js';
export { renderYamlDocuments, YAML_GENERATED_HEADER } from './gen/deploy/yaml-docs.js';
