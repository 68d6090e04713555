import type { CapabilityName } from '@ndp/domain';

/** The vitest cases of one capability in the scaffold's test, matching what {@link pluginSource} implements. */
function casesOf(capability: CapabilityName, pluginName: string): string[] {
  switch (capability) {
    case 'MetadataAgent':
      return [
        `  it('answers a biography', async () => {
    const answer = await plugin.call('MetadataAgent', 'GetArtistBiography', { name: 'Björk' });
    expect(answer.biography).toBe('Björk, as told by ${pluginName}.');
    expect(plugin.logs).toContainEqual({ level: 'info', message: 'biography asked for Björk' });
  });`,
        `  it('answers NOT_FOUND without a name and NOT_IMPLEMENTED for what it does not do yet', async () => {
    expect((await plugin.callError('MetadataAgent', 'GetArtistBiography', { name: '' })).code).toBe('NOT_FOUND');
    expect((await plugin.callError('MetadataAgent', 'GetArtistURL', { name: 'Björk' })).code).toBe('NOT_IMPLEMENTED');
  });`,
      ];
    case 'Scrobbler':
      return [
        `  it('authorizes a named user', async () => {
    expect((await plugin.call('Scrobbler', 'IsAuthorized', { username: 'alice' })).authorized).toBe(true);
    expect((await plugin.call('Scrobbler', 'IsAuthorized', { username: '' })).authorized).toBe(false);
  });`,
      ];
    case 'LifecycleManagement':
      return [
        `  it('initialises when loaded', () => {
    expect(plugin.logs).toContainEqual({ level: 'info', message: '${pluginName} initialised with 0 config keys' });
  });`,
      ];
    case 'SchedulerCallback':
      return [
        `  it('answers NOT_IMPLEMENTED for schedule firings until onSchedulerCallback is written', async () => {
    const failure = await plugin.callError('SchedulerCallback', 'OnSchedulerCallback', { scheduleId: 'x' });
    expect(failure.code).toBe('NOT_IMPLEMENTED');
  });`,
      ];
    case 'WebSocketCallback':
      return [
        `  it('answers NOT_IMPLEMENTED for socket messages until onTextMessage is written', async () => {
    const failure = await plugin.callError('WebSocketCallback', 'OnTextMessage', { connectionId: 'c', message: 'hi' });
    expect(failure.code).toBe('NOT_IMPLEMENTED');
  });`,
      ];
  }
}

/** `test/plugin.spec.ts` of a scaffolded plugin: the built plugin.wasm in the test kit. */
export function pluginTest(pluginName: string, capabilities: readonly CapabilityName[]): string {
  return [
    `// Runs the built plugin (npm run build first; npm test does) in the ndp host's plugin manager on the Node`,
    `// engine, with recording host services: see node_modules/@ndp/testkit/README.md.`,
    `import { fileURLToPath } from 'node:url';`,
    `import { loadPlugin, type PluginUnderTest } from '@ndp/testkit';`,
    `import { afterAll, beforeAll, describe, expect, it } from 'vitest';`,
    '',
    `describe('${pluginName}', () => {`,
    `  let plugin: PluginUnderTest;`,
    '',
    `  // Loading compiles the module and prepares it for the Node engine: seconds on a busy machine.`,
    `  beforeAll(async () => {`,
    `    plugin = await loadPlugin({ folder: fileURLToPath(new URL('..', import.meta.url)) });`,
    `  }, 60_000);`,
    `  afterAll(async () => plugin?.close());`,
    '',
    capabilities.flatMap((c) => casesOf(c, pluginName)).join('\n\n'),
    `});`,
    '',
  ].join('\n');
}
