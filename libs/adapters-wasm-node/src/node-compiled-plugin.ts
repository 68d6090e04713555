import type { AnalysedImport, CompiledPlugin } from '@ndp/ports';
import type { PreparedModule } from './module/compile-module.js';

const WASI_MODULE = 'wasi_snapshot_preview1';

/** A module compiled by the Node engine: its analysis plus the compiled, memory-capped module. */
export class NodeCompiledPlugin implements CompiledPlugin {
  readonly hash: string;
  readonly imports: readonly AnalysedImport[];
  readonly exports: readonly string[];
  readonly usesWasi: boolean;
  private readonly exportSet: ReadonlySet<string>;

  constructor(
    readonly pluginId: string,
    readonly prepared: PreparedModule,
    /** The original bytes, kept to recompile under another memory ceiling. */
    readonly bytes: Uint8Array = new Uint8Array(0),
  ) {
    this.hash = prepared.hash;
    this.imports = prepared.info.imports.map((i) => ({ module: i.module, name: i.name, kind: i.kind }));
    this.exports = prepared.info.exports.filter((e) => e.kind === 'function').map((e) => e.name);
    this.exportSet = new Set(this.exports);
    this.usesWasi = this.imports.some((i) => i.module === WASI_MODULE);
  }

  hasExport(name: string): boolean {
    return this.exportSet.has(name);
  }
}
