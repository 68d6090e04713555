import type { ErrorCode } from './error-codes.js';

/** The exact text a plugin returns to say it has no answer for this request (docs/contract.md §4). */
export const PLUGIN_NOT_FOUND_TEXT = 'plugin:not_found';

/** The exact text a plugin returns (or the host assumes) for a method it does not implement (docs/contract.md §4). */
export const PLUGIN_NOT_IMPLEMENTED_TEXT = 'plugin:not_implemented';

/**
 * Maps an error text from a plugin (a response's `error` field or the plugin's error channel) to its code.
 * Only the exact standard strings are recognized: no trimming, no case folding, no prefix match, so a plugin
 * message that merely mentions "not found" stays a `PLUGIN_ERROR` carrying its text.
 */
export function classifyPluginErrorText(
  text: string,
): Extract<ErrorCode, 'NOT_FOUND' | 'NOT_IMPLEMENTED' | 'PLUGIN_ERROR'> {
  if (text === PLUGIN_NOT_FOUND_TEXT) return 'NOT_FOUND';
  if (text === PLUGIN_NOT_IMPLEMENTED_TEXT) return 'NOT_IMPLEMENTED';
  return 'PLUGIN_ERROR';
}
