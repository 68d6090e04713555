import { WASI_PREVIEW1_MODULE } from '@ndp/domain';
import type { AnalysedImport, CompiledPlugin } from '@ndp/ports';

/** What an engine's module preparation yields that the compiled plugin exposes. */
export interface PreparedAnalysis {
  readonly hash: string;
  readonly info: {
    readonly imports: readonly AnalysedImport[];
    readonly exports: readonly { readonly name: string; readonly kind: string }[];
  };
}

/**
 * A module compiled by a Node-side engine: its analysis plus what the engine prepared (`prepared`). It keeps the
 * original bytes so that an instance asking for another memory ceiling can be prepared from them. WASI means
 * `wasi_snapshot_preview1`, the one WASI module the domain's import check accepts.
 */
export class KitCompiledPlugin<Prepared extends PreparedAnalysis> implements CompiledPlugin {
  readonly hash: string;
  readonly imports: readonly AnalysedImport[];
  readonly exports: readonly string[];
  readonly usesWasi: boolean;
  private readonly exportSet: ReadonlySet<string>;

  constructor(
    readonly pluginId: string,
    readonly prepared: Prepared,
    /** The original bytes, kept to recompile under another memory ceiling. */
    readonly bytes: Uint8Array = new Uint8Array(0),
  ) {
    this.hash = prepared.hash;
    this.imports = prepared.info.imports.map((i) => ({ module: i.module, name: i.name, kind: i.kind }));
    this.exports = prepared.info.exports.filter((e) => e.kind === 'function').map((e) => e.name);
    this.exportSet = new Set(this.exports);
    this.usesWasi = this.imports.some((i) => i.module === WASI_PREVIEW1_MODULE);
  }

  hasExport(name: string): boolean {
    return this.exportSet.has(name);
  }
}
