import { createHash } from 'node:crypto';
import {
  DEFAULT_MANIFEST_LIMITS,
  NdpError,
  parseManifest,
  type ManifestLimits,
  type ParsedManifest,
} from '@ndp/domain';
import type { PluginFiles, PluginStore } from '@ndp/ports';
import type { PluginFailure } from './plugin-status.js';

/** A plugin folder whose files were read and whose manifest is valid. */
export interface PluginCandidate {
  readonly folder: string;
  readonly files: PluginFiles;
  readonly parsed: ParsedManifest;
  /** SHA-256 (hex) of the manifest text and the module: what an approval (RequireApproval) is for. */
  readonly hash: string;
}

/** The outcome of reading one folder: a candidate, or why the folder cannot be a plugin. */
export type CandidateOutcome =
  | { readonly ok: true; readonly candidate: PluginCandidate }
  | { readonly ok: false; readonly folder: string; readonly failure: PluginFailure };

/**
 * Reads a plugin folder and validates its manifest. Never rejects: a vanished folder or an invalid manifest is
 * a failure naming the folder (and, for the manifest, the file, JSON path and expectation).
 */
export async function readCandidate(
  store: PluginStore,
  folder: string,
  limits: ManifestLimits = DEFAULT_MANIFEST_LIMITS,
): Promise<CandidateOutcome> {
  let files: PluginFiles;
  try {
    files = await store.read(folder);
  } catch (error) {
    const code = NdpError.is(error) ? error.code : 'PLUGIN_FOLDER_INVALID';
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      folder,
      failure: { code, message: `plugin folder "${folder}" cannot be read: ${reason}` },
    };
  }
  const parsed = parseManifest(files.manifestText, files.manifestFile, limits);
  if (!parsed.ok) {
    return {
      ok: false,
      folder,
      failure: { code: parsed.error.code, message: `plugin folder "${folder}": ${parsed.error.message}` },
    };
  }
  const hash = createHash('sha256').update(files.manifestText).update(files.wasm).digest('hex');
  return { ok: true, candidate: { folder, files, parsed: parsed.value, hash } };
}
