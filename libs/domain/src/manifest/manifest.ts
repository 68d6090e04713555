import type { CapabilityName } from '../contract/capability.js';

/** The HTTP methods a URL pattern can grant; `*` grants all of them. */
export const HTTP_METHODS = Object.freeze([
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'HEAD',
  'OPTIONS',
] as const);

/** One of {@link HTTP_METHODS}. */
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A method entry in `http.allowedUrls`: a method, or `*` for every method. */
export type HttpMethodGrant = HttpMethod | '*';

/** What every permission block may carry. */
export interface BasePermission {
  /** Why the plugin needs the service; shown by `ndp info` and the admin page. */
  readonly reason?: string;
}

/** `permissions.http`: grants HttpService. */
export interface HttpPermission extends BasePermission {
  /**
   * URL pattern → methods. Absent means any public URL (the network guard still applies). Keys keep the author's
   * spelling; they are valid URL patterns (checked at parse time).
   */
  readonly allowedUrls?: Readonly<Record<string, readonly HttpMethodGrant[]>>;
  /** Whether loopback/private/link-local addresses may be reached. Default `false`: deny local network. */
  readonly allowLocalNetwork: boolean;
}

/** `permissions.websocket`: grants WebSocketService. */
export interface WebSocketPermission extends BasePermission {
  /** `ws://` / `wss://` URL patterns. Absent means any public URL (the network guard still applies). */
  readonly allowedUrls?: readonly string[];
  /** Whether loopback/private/link-local addresses may be reached. Default `false`: deny local network. */
  readonly allowLocalNetwork: boolean;
}

/**
 * The known permissions of a manifest; a key is present exactly when the service is granted. Unknown keys of the
 * manifest file are not kept here (they are reported by the parser).
 */
export interface ManifestPermissions {
  readonly http?: HttpPermission;
  readonly websocket?: WebSocketPermission;
  readonly config?: BasePermission;
  readonly scheduler?: BasePermission;
  readonly cache?: BasePermission;
  readonly artwork?: BasePermission;
}

/**
 * A validated plugin manifest (docs/contract.md §2), deeply frozen. Defaults are applied (`apiVersion` 1,
 * `allowLocalNetwork` false); keys outside the contract (such as `"$schema"`) are dropped.
 */
export interface Manifest {
  /** The plugin id: unique, `^[a-z0-9][a-z0-9._-]{0,63}$`. */
  readonly name: string;
  readonly author: string;
  /** Should be semver; a non-semver version is a parse warning, not an error. */
  readonly version: string;
  readonly description: string;
  readonly website?: string;
  /** At least one, no duplicates. */
  readonly capabilities: readonly CapabilityName[];
  readonly permissions: ManifestPermissions;
  /** The plugin API version the plugin was built for; default 1. */
  readonly apiVersion: number;
}
