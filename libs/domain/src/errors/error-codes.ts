/**
 * Every error code ndp can report, in one place. A code is stable: callers and apps branch on it (HTTP status,
 * CLI exit code), and `docs/errors.md` has one section per code (a test keeps the two in step). Messages may
 * change; codes may not.
 */
export const ERROR_CODES = [
  // Plugin folder and manifest
  /** manifest.json is not valid JSON, or does not satisfy the manifest schema. */
  'MANIFEST_INVALID',
  /** A plugin folder has no manifest.json. */
  'MANIFEST_NOT_FOUND',
  /** A plugin folder has no plugin.wasm. */
  'PLUGIN_WASM_MISSING',
  /** A plugins-folder entry is not a usable plugin folder (broken symlink, symlink to a file, unreadable). */
  'PLUGIN_FOLDER_INVALID',
  /** Two plugin folders declare the same manifest `name`. */
  'PLUGIN_DUPLICATE_NAME',
  /** A manifest declares an `apiVersion` newer than the host supports. */
  'API_VERSION_UNSUPPORTED',
  /** A plugin's `config.schema.json` is not a usable JSON Schema for its settings. */
  'CONFIG_SCHEMA_INVALID',
  /** A plugin's settings (`PluginConfig.<id>`) do not satisfy its `config.schema.json`. */
  'PLUGIN_CONFIG_INVALID',

  // Module analysis at load
  /** The module imports a host function whose permission its manifest does not grant. */
  'PERMISSION_NOT_GRANTED',
  /** The module imports a function ndp does not provide (unknown module or unknown name). */
  'IMPORT_UNKNOWN',
  /** The module imports memory, a table or a global, or imports an ndp function with another signature. */
  'IMPORT_INVALID',
  /** A declared capability has none of its methods exported by the module. */
  'CAPABILITY_NOT_EXPORTED',
  /** The WebAssembly module could not be compiled or rewritten. */
  'COMPILE_FAILED',

  // Plugin state
  /** No loaded plugin has this id. */
  'PLUGIN_NOT_FOUND',
  /** The plugin exists but is still loading (compiling or running OnInit). */
  'PLUGIN_NOT_READY',
  /** The plugin was disabled by an operator. */
  'PLUGIN_DISABLED',
  /** The plugin failed to load or its OnInit failed; it serves no calls. */
  'PLUGIN_FAILED',

  // Plugin answers
  /** The plugin reported an error of its own (any text other than the standard ones). */
  'PLUGIN_ERROR',
  /** The plugin answered `plugin:not_found`. */
  'NOT_FOUND',
  /** The plugin answered `plugin:not_implemented`, or does not export the method. */
  'NOT_IMPLEMENTED',

  // Guest execution
  /** The guest trapped (unreachable, out-of-bounds access, stack overflow, ...). */
  'GUEST_TRAP',
  /** The guest did not finish before the call's deadline. */
  'GUEST_TIMEOUT',
  /** The guest tried to grow its memory beyond the configured ceiling. */
  'GUEST_MEMORY_LIMIT',
  /** The guest called WASI `proc_exit`. */
  'GUEST_EXIT',
  /** The guest's output was larger than the instance's `maxOutputBytes`; the instance is kept. */
  'GUEST_OUTPUT_TOO_LARGE',
  /** No instance of the plugin became free within the pool's wait time. */
  'POOL_TIMEOUT',
  /** The plugin's instance pool was closed (plugin removed, refreshed or host shutting down). */
  'POOL_CLOSED',
  /** The engine was closed; no more plugins can be compiled or called on it. */
  'ENGINE_CLOSED',

  // Host services
  /** A URL is outside the plugin's `allowedUrls`. */
  'URL_NOT_ALLOWED',
  /** A request targets a local-network address and `allowLocalNetwork` is not granted. */
  'NETWORK_BLOCKED',
  /** A schedule request is invalid (bad cron expression, bad `@every` duration). */
  'SCHEDULE_INVALID',
  /** A WebSocket operation names a connection the plugin does not own. */
  'CONNECTION_NOT_FOUND',
  /** The cluster's Redis could not be reached, or did not answer in time (clustered mode only). */
  'REDIS_UNAVAILABLE',

  // Host, CLI and packages
  /** The host configuration (TOML file or environment) is invalid. */
  'CONFIG_INVALID',
  /** A .ndp package is malformed or unsafe (bad paths, symlinks, duplicates, entries too large). */
  'PACKAGE_INVALID',
  /** An admin request lacks the admin token or carries a wrong one. */
  'UNAUTHORIZED',
  /** A bug or an unexpected infrastructure failure inside ndp. */
  'INTERNAL',

  // HTTP API
  /** A request the API cannot read: a missing, unknown or malformed query parameter, or an invalid body. */
  'BAD_REQUEST',
  /** No API route has this path. */
  'ROUTE_NOT_FOUND',
  /** The path exists but not for this HTTP method. */
  'METHOD_NOT_ALLOWED',
  /** The request body is larger than the route accepts. */
  'BODY_TOO_LARGE',
  /** No MetadataAgent answered and at least one failed with an error (not a "not found"): each is listed. */
  'AGENTS_FAILED',
  /** A verified artwork token whose image the host (or its embedding application) cannot provide. */
  'ARTWORK_NOT_FOUND',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

const CODE_SET: ReadonlySet<string> = new Set(ERROR_CODES);

/** True when `value` is one of {@link ERROR_CODES}. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && CODE_SET.has(value);
}
