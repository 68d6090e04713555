import type { CapabilityName } from '../contract/capability.js';
import { PERMISSION_NAMES } from '../gen/contract.js';
import { deepFreeze } from '../internal/deep-freeze.js';
import type { BasePermission, HttpMethodGrant, Manifest, ManifestPermissions } from './manifest.js';

/** The manifest file's shape once the schema has accepted it. */
interface ManifestJson {
  name: string;
  author: string;
  version: string;
  description: string;
  website?: string;
  capabilities: CapabilityName[];
  permissions: Record<string, PermissionJson | undefined>;
  apiVersion?: number;
}

interface PermissionJson {
  reason?: string;
  allowedUrls?: Record<string, HttpMethodGrant[]> | string[];
  allowLocalNetwork?: boolean;
}

/**
 * Builds the frozen {@link Manifest} from data the schema accepted: defaults applied, unknown keys dropped, every
 * array and object copied (the caller's parsed JSON is not frozen or shared).
 */
export function normalizeManifest(data: unknown): Manifest {
  const json = data as ManifestJson;
  const permissions: Record<string, unknown> = {};
  for (const name of PERMISSION_NAMES) {
    const raw = json.permissions[name];
    if (raw === undefined) continue;
    const base: BasePermission = raw.reason === undefined ? {} : { reason: raw.reason };
    if (name === 'http') {
      const urls = raw.allowedUrls as Record<string, HttpMethodGrant[]> | undefined;
      permissions[name] = {
        ...base,
        ...(urls && { allowedUrls: Object.fromEntries(Object.entries(urls).map(([k, v]) => [k, [...v]])) }),
        allowLocalNetwork: raw.allowLocalNetwork ?? false,
      };
    } else if (name === 'websocket') {
      const urls = raw.allowedUrls as string[] | undefined;
      permissions[name] = {
        ...base,
        ...(urls && { allowedUrls: [...urls] }),
        allowLocalNetwork: raw.allowLocalNetwork ?? false,
      };
    } else {
      permissions[name] = base;
    }
  }
  return deepFreeze({
    name: json.name,
    author: json.author,
    version: json.version,
    description: json.description,
    ...(json.website !== undefined && { website: json.website }),
    capabilities: [...json.capabilities],
    permissions: permissions as ManifestPermissions,
    apiVersion: json.apiVersion ?? 1,
  });
}
