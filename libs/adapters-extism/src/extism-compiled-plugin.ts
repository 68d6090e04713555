import type { AnalysedImport, CompiledPlugin } from '@ndp/ports';
import type { PreparedModule } from './module/prepare-module.js';

const WASI_MODULES = new Set(['wasi_snapshot_preview1', 'wasi_unstable']);

/**
 * A module compiled by the Extism engine: its analysis and the memory-capped compiled module. It keeps the
 * original bytes so that an instance asking for another memory ceiling can be prepared from them.
 */
export class ExtismCompiledPlugin implements CompiledPlugin {
  readonly hash: string;
  readonly imports: readonly AnalysedImport[];
  readonly exports: readonly string[];
  readonly usesWasi: boolean;
  private readonly exportSet: ReadonlySet<string>;

  constructor(
    readonly pluginId: string,
    readonly prepared: PreparedModule,
    readonly bytes: Uint8Array,
  ) {
    this.hash = prepared.hash;
    this.imports = prepared.info.imports.map((i) => ({ module: i.module, name: i.name, kind: i.kind }));
    this.exports = prepared.info.exports.filter((e) => e.kind === 'function').map((e) => e.name);
    this.exportSet = new Set(this.exports);
    this.usesWasi = this.imports.some((i) => WASI_MODULES.has(i.module));
  }

  hasExport(name: string): boolean {
    return this.exportSet.has(name);
  }
}
