const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;
const FORBIDDEN = /[\s<>"{}|\\^`]/;

// Control characters (C0 and DEL), checked by code so that the pattern above stays printable.
const hasControl = (value: string): boolean =>
  [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/**
 * The `uri` format of the manifest schema (a `website`), without ajv-formats: an absolute URI with a scheme, no
 * whitespace or characters that must be percent-encoded, and accepted by the WHATWG URL parser.
 */
export function isUri(value: string): boolean {
  if (!SCHEME.test(value) || FORBIDDEN.test(value) || hasControl(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
