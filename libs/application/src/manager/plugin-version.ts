import type { CapabilityName, Manifest } from '@ndp/domain';
import type { CompiledPlugin } from '@ndp/ports';
import type { InstancePool } from '../pool/instance-pool.js';

/**
 * One loaded version of a plugin: its manifest, compiled module and instance pool. A refresh builds a new
 * version and swaps it in; the old one drains (its in-flight calls finish on it) and is closed.
 */
export class PluginVersion {
  private readonly missing: ReadonlySet<string>;

  constructor(
    readonly manifest: Manifest,
    readonly folder: string,
    readonly compiled: CompiledPlugin,
    readonly pool: InstancePool,
    missingExports: Iterable<string>,
    /** The call deadline for this plugin (override or host default). */
    readonly callTimeoutMs: number,
  ) {
    this.missing = new Set(missingExports);
  }

  get id(): string {
    return this.manifest.name;
  }

  /** True when the manifest declares `capability`. */
  declares(capability: CapabilityName): boolean {
    return this.manifest.capabilities.includes(capability);
  }

  /** True when a declared method's export is absent (it answers NOT_IMPLEMENTED without a call). */
  lacksExport(exportName: string): boolean {
    return this.missing.has(exportName);
  }
}
