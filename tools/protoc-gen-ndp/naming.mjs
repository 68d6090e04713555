// The ABI naming rules. They reproduce knqyf263/go-plugin's toSnakeCase, which Navidrome's plugins were
// built with, so an export keeps the name an existing plugin already has.

/**
 * go-plugin's snake case: `(.)([A-Z][a-z]+)` → `$1_$2`, then `([a-z0-9])([A-Z])` → `$1_$2`, lower-cased.
 * A run of capitals stays one word: `GetArtistMBID` → `get_artist_mbid`, `WebSocket` → `web_socket`.
 * @param {string} name
 * @returns {string}
 */
export function snakeCase(name) {
  return name
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * The export a guest provides for a capability method: snake(Service + Method).
 * @param {string} service
 * @param {string} method
 */
export function capabilityExportName(service, method) {
  return snakeCase(service + method);
}

/**
 * The import a guest calls for a host-service method: `<permission>_<snake(Method)>`.
 * @param {string} permission
 * @param {string} method
 */
export function hostImportName(permission, method) {
  return `${permission}_${snakeCase(method)}`;
}

/**
 * lowerCamelCase of a proto field name, as protoc derives JSON names: `ttl_seconds` → `ttlSeconds`,
 * `rfc3339_nano` → `rfc3339Nano`.
 * @param {string} name
 */
export function lowerCamelCase(name) {
  return name
    .replace(/_+([a-zA-Z0-9])/g, (_, c) => c.toUpperCase())
    .replace(/^[A-Z]/, (c) => c.toLowerCase());
}

/**
 * An UPPER_SNAKE constant name for an ABI name: `http_get` → `HTTP_GET`.
 * @param {string} name
 */
export function constantName(name) {
  return name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}
