import { classifyPluginErrorText, NdpError } from '@ndp/domain';

/** The error codes a plugin's own answer can map to (docs/contract.md §4). */
export type PluginAnswerCode = 'NOT_FOUND' | 'NOT_IMPLEMENTED' | 'PLUGIN_ERROR';

/**
 * Turns the text a plugin reported (in a response's `error` field or on its error channel) into a typed error
 * (docs/contract.md §4): exactly `plugin:not_found` → `NOT_FOUND`, exactly `plugin:not_implemented` → `NOT_IMPLEMENTED`, any
 * other text → `PLUGIN_ERROR`. Every error carries the plugin id and the method in `details`; the plugin's text
 * appears once: in `details.pluginMessage` for the standard strings, in the message for any other text (so an
 * HTTP error body or a log line never carries a long text twice; the engines already cap its length).
 *
 * @example
 * ```ts
 * throw pluginAnswerError('lastfm', 'GetArtistBiography', response.error);
 * ```
 */
export function pluginAnswerError(
  pluginId: string,
  method: string,
  text: string,
): NdpError<PluginAnswerCode> {
  const code = classifyPluginErrorText(text);
  const details = { pluginId, method, pluginMessage: text };
  switch (code) {
    case 'NOT_FOUND':
      return new NdpError(code, `plugin "${pluginId}" has no answer for ${method} (plugin:not_found)`, {
        details,
      });
    case 'NOT_IMPLEMENTED':
      return new NdpError(
        code,
        `plugin "${pluginId}" does not implement ${method} (plugin:not_implemented)`,
        {
          details,
        },
      );
    default:
      return new NdpError('PLUGIN_ERROR', `plugin "${pluginId}" failed in ${method}: ${text}`, {
        details: { pluginId, method },
      });
  }
}

/** The `NOT_IMPLEMENTED` answered without a call when a declared method's export is missing (docs/contract.md §4). */
export function methodNotExportedError(
  pluginId: string,
  method: string,
  exportName: string,
): NdpError<'NOT_IMPLEMENTED'> {
  return new NdpError(
    'NOT_IMPLEMENTED',
    `plugin "${pluginId}" does not implement ${method} (its module does not export ${exportName})`,
    { details: { pluginId, method, exportName } },
  );
}
