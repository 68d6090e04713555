import type { ModuleImport } from '@ndp/domain';

/** What kind of thing a module imports (the WebAssembly import kinds, in our own words). */
export type ModuleImportKind = 'function' | 'memory' | 'table' | 'global' | 'tag';

/**
 * One import of a compiled module with its kind, e.g.
 * `{ module: 'extism:host/user', name: 'cache_get_string', kind: 'function' }`. It is a domain `ModuleImport`,
 * so it can be checked against the manifest's permissions as is.
 */
export interface AnalysedImport extends ModuleImport {
  readonly kind: ModuleImportKind;
}

/**
 * A validated and analysed plugin module, ready to instantiate any number of times on the engine that compiled it.
 *
 * Guarantees: `hash` is the lower-case hex SHA-256 of the bytes given to `compile` (before any rewriting the
 * engine does); `imports` lists every import of the module; `exports` lists the names of the exported functions
 * only; `usesWasi` is true when the module imports from `wasi_snapshot_preview1`, the one WASI module an engine
 * serves (a module importing `wasi_unstable` is refused as `IMPORT_UNKNOWN` by the domain's import check before it
 * reaches an engine).
 * Does not guarantee: that it can be used with another engine, or outlive the engine's `close()`.
 *
 * @example
 * ```ts
 * const plugin = await engine.compile(bytes, { pluginId: 'wikimedia', memoryLimitBytes: 128 << 20 });
 * if (!plugin.hasExport('metadata_agent_get_artist_biography')) return notImplemented();
 * ```
 */
export interface CompiledPlugin {
  readonly pluginId: string;
  readonly hash: string;
  readonly imports: readonly AnalysedImport[];
  readonly exports: readonly string[];
  readonly usesWasi: boolean;
  /** True when the module exports a function with this name. */
  hasExport(name: string): boolean;
}
