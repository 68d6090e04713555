export {
  API_VERSION,
  CAPABILITY_METHODS,
  CAPABILITY_NAMES,
  GUEST_ENV_MODULE,
  HOST_FUNCTIONS,
  HOST_USER_MODULE,
  PERMISSION_NAMES,
} from './gen/contract.js';

export { err, isErr, isOk, mapErr, mapResult, ok, unwrap, unwrapOr } from './result.js';
export type { Err, Ok, Result } from './result.js';

export { ERROR_CODES, isErrorCode } from './errors/error-codes.js';
export type { ErrorCode } from './errors/error-codes.js';
export { NdpError } from './errors/ndp-error.js';
export type { NdpErrorDetails, NdpErrorOptions } from './errors/ndp-error.js';
export {
  classifyPluginErrorText,
  PLUGIN_NOT_FOUND_TEXT,
  PLUGIN_NOT_IMPLEMENTED_TEXT,
} from './errors/plugin-error-text.js';
export { permissionNotGrantedMessage } from './errors/permission-message.js';

export { capabilityMethodByExport, capabilityMethods, isCapabilityName } from './contract/capability.js';
export type { CapabilityMethod, CapabilityName } from './contract/capability.js';
export { hostFunctionByImport, hostFunctionsOf, isPermissionName } from './contract/permission.js';
export type { HostFunction, PermissionName } from './contract/permission.js';
export { isKnownImport } from './contract/guest-imports.js';
export {
  EXTISM_KERNEL_FUNCTIONS,
  GUEST_LOG_LEVELS,
  WASI_PREVIEW1_FUNCTIONS,
  WASI_PREVIEW1_MODULE,
  type ExtismKernelFunction,
} from './contract/guest-abi.js';
export type { ModuleImport } from './contract/guest-imports.js';
export { checkModuleImports } from './contract/check-module-imports.js';
export type { ImportError } from './contract/check-module-imports.js';
export { checkImportShapes } from './contract/check-import-shapes.js';
export type { ImportShapeError } from './contract/check-import-shapes.js';
export {
  EXTISM_KERNEL_SIGNATURES,
  expectedSignature,
  HOST_FUNCTION_SIGNATURE,
} from './contract/import-signatures.js';
export { checkCapabilityExports } from './contract/check-capability-exports.js';

export { HTTP_METHODS } from './manifest/manifest.js';
export type {
  BasePermission,
  HttpMethod,
  HttpMethodGrant,
  HttpPermission,
  Manifest,
  ManifestPermissions,
  WebSocketPermission,
} from './manifest/manifest.js';
export {
  MANIFEST_SCHEMA,
  MANIFEST_SCHEMA_ID,
  PLUGIN_NAME_PATTERN,
  PLUGIN_NAME_RULE,
} from './manifest/manifest-schema.js';
export { DEFAULT_MANIFEST_LIMITS } from './manifest/manifest-limits.js';
export type { ManifestLimits } from './manifest/manifest-limits.js';
export { parseManifest } from './manifest/parse-manifest.js';
export type { ManifestError, ParsedManifest } from './manifest/parse-manifest.js';
export { formatManifestIssue } from './manifest/manifest-issue.js';
export type { ManifestIssue } from './manifest/manifest-issue.js';
export { checkApiVersion } from './manifest/api-version.js';
export { isSemver } from './manifest/semver.js';
export { findJsonSyntaxError } from './manifest/json-syntax.js';
export type { JsonSyntaxError } from './manifest/json-syntax.js';

export { UrlPattern } from './permissions/url-pattern.js';
export { HttpAllowList } from './permissions/http-allow-list.js';
export { WebSocketAllowList } from './permissions/websocket-allow-list.js';
export type { PatternIssue } from './permissions/pattern-issue.js';

export { formatIp, parseIp } from './network/ip-address.js';
export type { IpAddress } from './network/ip-address.js';
export { classifyIp } from './network/ip-class.js';
export type { IpClass } from './network/ip-class.js';
export { blockedRequestMessage, guardAddress, guardHostname } from './network/network-guard.js';

export { parseGoDuration } from './schedule/go-duration.js';
export { parseScheduleExpression } from './schedule/schedule-expression.js';
export type { ScheduleExpression } from './schedule/schedule-expression.js';

export {
  capMemoryPages,
  capTableElements,
  formatSignature,
  readModuleInfo,
  WasmFormatError,
} from './wasm/wasm-binary.js';
export type {
  ExternKind,
  FunctionSignature,
  MemoryLimits,
  ValueType,
  WasmExport,
  WasmImport,
  WasmModuleInfo,
} from './wasm/wasm-binary.js';

export {
  formatConfigIssues,
  MAX_CONFIG_SCHEMA_BYTES,
  parsePluginConfigSchema,
} from './settings/plugin-config-schema.js';
export type {
  ConfigField,
  ConfigFieldType,
  ConfigIssue,
  PluginConfigSchema,
} from './settings/plugin-config-schema.js';
export { deepFreeze } from './internal/deep-freeze.js';
