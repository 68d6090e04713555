import { ArtistBiographyRequestSchema, ArtistBiographyResponseSchema } from '@ndp/protocol';
import { describe, expect, it } from 'vitest';
import { answer, manifestOf, managerHarness } from '../testing/manager-harness.js';

const bio = answer(ArtistBiographyRequestSchema, ArtistBiographyResponseSchema, () => ({ biography: 'b' }));
const SCHEMA = {
  type: 'object',
  properties: { limit: { type: 'integer', minimum: 1 }, token: { type: 'string', format: 'password' } },
  required: ['token'],
};

function withSettings(schema: object | string = SCHEMA) {
  const h = managerHarness();
  h.store.put(
    'folder',
    manifestOf('agent', ['MetadataAgent']),
    h.engine.define('agent', { exports: { metadata_agent_get_artist_biography: bio } }),
    schema,
  );
  return h;
}

describe('PluginManager and plugin settings schemas', () => {
  it('loads a plugin whose settings satisfy its schema, and reports the schema in its status', async () => {
    const h = withSettings();
    h.configSource.set('agent', { token: 's3cret', limit: '5' });
    await h.manager.start();
    await h.manager.settled();
    const status = h.manager.status('agent')!;
    expect(status.state).toBe('ready');
    expect(status.settings?.fields.map((f) => f.key)).toEqual(['limit', 'token']);
  });

  it('marks a plugin failed with path-precise errors when its settings do not satisfy the schema', async () => {
    const h = withSettings();
    h.configSource.set('agent', { limit: '0' });
    await h.manager.start();
    await h.manager.settled();
    const status = h.manager.status('agent')!;
    expect(status.state).toBe('failed');
    expect(status.failure?.code).toBe('PLUGIN_CONFIG_INVALID');
    expect(status.failure?.message).toContain('PluginConfig.agent.limit: must be >= 1');
    expect(status.failure?.message).toContain('PluginConfig.agent.token: is required');
    // The form can still be shown, so the operator can fix the settings from the admin page.
    expect(status.settings?.fields).toHaveLength(2);
  });

  it('loads again once the settings are fixed', async () => {
    const h = withSettings();
    await h.manager.start();
    await h.manager.settled();
    expect(h.manager.status('agent')!.state).toBe('failed');
    h.configSource.set('agent', { token: 't' });
    await h.manager.refresh('agent');
    expect(h.manager.status('agent')!.state).toBe('ready');
  });

  it('marks a plugin failed when its config.schema.json is unusable', async () => {
    const h = withSettings('{"type": "array"}');
    await h.manager.start();
    await h.manager.settled();
    expect(h.manager.status('agent')!.failure).toMatchObject({
      code: 'CONFIG_SCHEMA_INVALID',
      message: expect.stringContaining('/plugins/folder/config.schema.json: must describe an object'),
    });
  });
});
