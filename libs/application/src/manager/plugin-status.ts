import type { CapabilityName, ErrorCode, Manifest, PluginConfigSchema } from '@ndp/domain';
import type { PoolMemory, PoolSizes } from '../pool/instance-pool.js';

/** Where a plugin is in its life. */
export type PluginState = 'loading' | 'ready' | 'failed' | 'disabled';

/** Why a plugin failed: the stable code and the message an operator reads. */
export interface PluginFailure {
  readonly code: ErrorCode;
  readonly message: string;
}

/**
 * What the host app's plugin list and detail pages show about one plugin folder. A folder whose manifest could not
 * be read has no `id` (its status names the folder); every other status has the manifest name as `id`.
 */
export interface PluginStatus {
  readonly id?: string;
  readonly folder: string;
  readonly state: PluginState;
  readonly manifest?: Manifest;
  readonly version?: string;
  readonly capabilities: readonly CapabilityName[];
  /** Granted permission keys, e.g. `['http', 'cache']`. */
  readonly permissions: readonly string[];
  readonly failure?: PluginFailure;
  /** The SHA-256 of the running module, when one is loaded. */
  readonly moduleHash?: string;
  /** When the plugin was first seen, and when its state last changed (ms since the epoch). */
  readonly discoveredAt: number;
  readonly updatedAt: number;
  /** When the running version became ready. */
  readonly readyAt?: number;
  readonly pool?: PoolSizes;
  /** The linear memory of the serving version's live instances. */
  readonly memory?: PoolMemory;
  /** The plugin's settings schema, when it ships a `config.schema.json`. */
  readonly settings?: PluginConfigSchema;
}

/** The status of a folder that cannot be loaded as a plugin (no usable manifest, or a duplicate name). */
export function problemStatus(
  folder: string,
  failure: PluginFailure,
  now: number,
  id?: string,
): PluginStatus {
  return {
    ...(id ? { id } : {}),
    folder,
    state: 'failed',
    capabilities: [],
    permissions: [],
    failure,
    discoveredAt: now,
    updatedAt: now,
  };
}

/** What a refresh (or enable) really did. */
export type RefreshOutcome =
  /** The plugin's folder was read: its status is ready, failed (with the reason) or disabled. */
  | { readonly kind: 'loaded'; readonly status: PluginStatus }
  /** A folder named like the plugin, or claiming its name, cannot be loaded; its status says why. */
  | { readonly kind: 'unusable'; readonly status: PluginStatus }
  /** The plugin's folder is gone; the plugin was dropped. */
  | { readonly kind: 'removed'; readonly id: string };
