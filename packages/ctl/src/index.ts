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
