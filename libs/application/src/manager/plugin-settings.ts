import { formatConfigIssues, NdpError, parsePluginConfigSchema, type PluginConfigSchema } from '@ndp/domain';
import type { PluginFiles } from '@ndp/ports';

/** What a plugin's folder says about its settings: the compiled schema, or why it cannot be used. */
export type SettingsOutcome =
  | { readonly ok: true; readonly schema: PluginConfigSchema | undefined }
  | { readonly ok: false; readonly error: NdpError };

/** Compiles the plugin's `config.schema.json`, when it ships one. */
export function readSettingsSchema(files: PluginFiles): SettingsOutcome {
  if (files.configSchemaText === undefined) return { ok: true, schema: undefined };
  const parsed = parsePluginConfigSchema(
    files.configSchemaText,
    files.configSchemaFile ?? 'config.schema.json',
  );
  return parsed.ok ? { ok: true, schema: parsed.value } : { ok: false, error: parsed.error };
}

/**
 * The error that keeps a plugin from loading with `config` (its `PluginConfig.<id>` map), or `undefined` when the
 * schema accepts it. Every issue is named `PluginConfig.<id>.<key>`.
 */
export function settingsError(
  pluginId: string,
  schema: PluginConfigSchema | undefined,
  config: Readonly<Record<string, string>>,
): NdpError | undefined {
  const issues = schema?.validate(config) ?? [];
  if (issues.length === 0) return undefined;
  return new NdpError(
    'PLUGIN_CONFIG_INVALID',
    `plugin "${pluginId}": its settings do not satisfy its config.schema.json: ${formatConfigIssues(pluginId, issues)}`,
    { details: { pluginId, issues: issues.map((i) => ({ ...i })) } },
  );
}
