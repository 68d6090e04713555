import { CAPABILITY_NAMES, PERMISSION_NAMES } from '../gen/contract.js';
import { deepFreeze } from '../internal/deep-freeze.js';
import { HTTP_METHODS } from './manifest.js';

/** The `$id` of the manifest schema; also the identity of the published `schemas/manifest.schema.json`. */
export const MANIFEST_SCHEMA_ID = 'urn:ndp:plugin-manifest';

/**
 * The plugin name rule: safe in cache keys, URLs and folder names. 1 to 64 characters of `a-z`, `0-9`, `.`, `_`
 * and `-`, starting and ending with a letter or digit (a trailing `.` or `-` is dropped or mangled by file systems
 * and URL tools), with no `..` anywhere (a path step in folders and URLs).
 */
export const PLUGIN_NAME_PATTERN = '^(?!.*\\.\\.)[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$';

/** {@link PLUGIN_NAME_PATTERN} in words, for error messages. */
export const PLUGIN_NAME_RULE =
  "must be 1 to 64 characters of a-z, 0-9, '.', '_' and '-', start and end with a letter or digit, and not contain '..'";

const reason = { type: 'string', description: 'Why the plugin needs this service; shown to operators.' };

const allowLocalNetwork = {
  type: 'boolean',
  default: false,
  description: 'Allow loopback, private and link-local addresses. Default false.',
};

const httpPermission = {
  type: 'object',
  description: 'Grants HttpService.',
  properties: {
    reason,
    allowedUrls: {
      type: 'object',
      description:
        'URL pattern -> allowed methods. Absent = any public URL. "*" alone matches every URL; "*" in a host is one DNS label; a path ending in "/*" is a prefix; no path = every path.',
      minProperties: 1,
      propertyNames: { pattern: '^(\\*|https?://.+)$' },
      additionalProperties: {
        type: 'array',
        minItems: 1,
        uniqueItems: true,
        items: { enum: [...HTTP_METHODS, '*'] },
      },
    },
    allowLocalNetwork,
  },
  // A typo such as "allowedUrl" must not silently widen the grant to every URL.
  additionalProperties: false,
};

const websocketPermission = {
  type: 'object',
  description: 'Grants WebSocketService.',
  properties: {
    reason,
    allowedUrls: {
      type: 'array',
      description: 'ws:// or wss:// URL patterns. Absent = any public URL. "*" alone matches every URL.',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', pattern: '^(\\*|wss?://.+)$' },
    },
    allowLocalNetwork,
  },
  additionalProperties: false,
};

const basePermission = (name: string) => ({
  type: 'object',
  description: `Grants the ${name} service.`,
  properties: { reason },
  additionalProperties: false,
});

/**
 * The JSON schema (draft-07) of `manifest.json`, docs/contract.md §2. Draft-07 because every editor that reads `"$schema"`
 * (VS Code, JetBrains) implements it fully, and nothing here needs a later draft; ajv's default class validates it.
 * Capability and permission names come from the generated contract, never spelled here.
 *
 * Deliberate choices beyond the contract's table: `author`, `version` and `description` must be non-empty; a known
 * permission block rejects unknown keys (a typo like `allowedUrl` must not widen a grant); an `allowedUrls` that is
 * present must list at least one pattern (absent means "any public URL", so empty would be ambiguous).
 */
export const MANIFEST_SCHEMA = deepFreeze({
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: MANIFEST_SCHEMA_ID,
  title: 'ndp plugin manifest',
  type: 'object',
  required: ['name', 'author', 'version', 'description', 'capabilities', 'permissions'],
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string', pattern: PLUGIN_NAME_PATTERN, description: 'The plugin id.' },
    author: { type: 'string', minLength: 1 },
    version: { type: 'string', minLength: 1, description: 'Semantic version, e.g. 1.2.0.' },
    description: { type: 'string', minLength: 1 },
    website: { type: 'string', format: 'uri' },
    capabilities: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { enum: [...CAPABILITY_NAMES] },
    },
    permissions: {
      type: 'object',
      description: 'Host services the plugin uses ({} = none). Unknown keys are ignored.',
      properties: Object.fromEntries(
        PERMISSION_NAMES.map((name) => [
          name,
          name === 'http'
            ? httpPermission
            : name === 'websocket'
              ? websocketPermission
              : basePermission(name),
        ]),
      ),
    },
    apiVersion: { type: 'integer', minimum: 1, default: 1, description: 'Plugin API version; default 1.' },
  },
});
