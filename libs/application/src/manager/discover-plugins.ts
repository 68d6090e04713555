import { DEFAULT_MANIFEST_LIMITS, type ManifestLimits } from '@ndp/domain';
import type { PluginStore } from '@ndp/ports';
import { readCandidate, type PluginCandidate } from './plugin-candidate.js';
import type { PluginFailure } from './plugin-status.js';

/** A folder discovery cannot use, with why (and the plugin id, for a duplicate). */
export interface DiscoveryProblem {
  readonly folder: string;
  readonly failure: PluginFailure;
  readonly id?: string;
}

/** What one scan of the plugins folder found. */
export interface Discovery {
  /** The usable folder of each plugin id. */
  readonly found: ReadonlyMap<string, PluginCandidate>;
  /** Every unusable folder: unreadable, no module or manifest, invalid manifest, a second folder of one name. */
  readonly problems: readonly DiscoveryProblem[];
}

/**
 * Reads every folder of the store and validates its manifest: the one discovery the host runs at start and on
 * every refresh, and `ndp list` runs offline, so both report the same problems with the same messages. When two
 * folders declare one name, `homeOf(id)` (the folder a running plugin already uses) keeps it, else the first
 * folder by name; the other is a `PLUGIN_DUPLICATE_NAME` problem naming both.
 */
export async function discoverPlugins(
  store: PluginStore,
  homeOf: (id: string) => string | undefined = () => undefined,
  limits: ManifestLimits = DEFAULT_MANIFEST_LIMITS,
): Promise<Discovery> {
  const problems: DiscoveryProblem[] = [];
  const byId = new Map<string, PluginCandidate[]>();
  const entries = await store.list();
  // Folders are read concurrently: a refresh under load waits one event-loop turn per file operation, so
  // reading them one after another made its time grow with the number of folders.
  const outcomes = await Promise.all(
    entries.map((entry) => (entry.ok ? readCandidate(store, entry.folder, limits) : undefined)),
  );
  for (const [i, entry] of entries.entries()) {
    if (!entry.ok) {
      problems.push({ folder: entry.folder, failure: { code: entry.code, message: entry.problem } });
      continue;
    }
    const outcome = outcomes[i]!;
    if (!outcome.ok) {
      problems.push({ folder: outcome.folder, failure: outcome.failure });
      continue;
    }
    const id = outcome.candidate.parsed.manifest.name;
    byId.set(id, [...(byId.get(id) ?? []), outcome.candidate]);
  }
  const found = new Map<string, PluginCandidate>();
  for (const [id, candidates] of byId) {
    const home = homeOf(id);
    const chosen = candidates.find((c) => c.folder === home) ?? candidates[0]!;
    found.set(id, chosen);
    for (const other of candidates) {
      if (other === chosen) continue;
      problems.push({
        folder: other.folder,
        id,
        failure: {
          code: 'PLUGIN_DUPLICATE_NAME',
          message:
            `plugin folders "${chosen.folder}" and "${other.folder}" both declare the name "${id}"; ` +
            `"${other.folder}" is ignored: rename the plugin or remove one of the folders`,
        },
      });
    }
  }
  problems.sort((a, b) => a.folder.localeCompare(b.folder));
  return { found, problems };
}
