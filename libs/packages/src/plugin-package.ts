import type { Manifest, ParsedManifest, PluginConfigSchema } from '@ndp/domain';

/** One extra file of a package (README, LICENSE, `docs/...`), with the relative path it is written to. */
export interface PackageDoc {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/**
 * A `.ndp` package read into memory and validated: every entry passed the safety checks and the manifest and
 * module passed the host's load checks. Nothing of it has touched the plugins folder yet.
 */
export interface PluginPackage {
  /** The package file (absolute). */
  readonly file: string;
  readonly manifest: Manifest;
  /** The parser's warnings and unknown permission keys, for the user to see. */
  readonly parsed: ParsedManifest;
  /** The manifest exactly as packaged (it is written back byte for byte). */
  readonly manifestBytes: Uint8Array;
  readonly wasm: Uint8Array;
  /** Extra files, in package order. */
  readonly docs: readonly PackageDoc[];
  /** The plugin's settings schema, when the package carries a `config.schema.json` (already compiled: valid). */
  readonly settings?: PluginConfigSchema;
}
