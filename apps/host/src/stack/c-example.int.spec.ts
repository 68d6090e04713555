// The C example plugin (examples/c-notes: Extism ABI and protobuf by hand, built with clang for wasm32-wasi) in
// the real host on the Node engine: proof that a guest in any language speaking the Extism ABI is served like an
// AssemblyScript one, host-service calls included. Needs the C toolchain; without it the test fails saying how
// to install it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExamples } from '../../../../tools/build-examples.mjs';
import { cToolchainStatus } from '../../../../tools/wasm-build.mjs';
import { biography, httpCall, ndpErrorOf, startStack, type Stack } from './stack-harness.js';

describe('the C example plugin through the host', () => {
  let stack: Stack;

  beforeAll(async () => {
    const toolchain = await cToolchainStatus();
    if (!toolchain.ok) throw new Error(`the C example cannot be built: ${toolchain.why}`);
    stack = await startStack({
      env: { NDP_AGENTS: 'c-notes' },
      toml: ['[PluginConfig.c-notes]', '"bio.björk" = "Icelandic singer, from C."', ''].join('\n'),
      install: async (dir) => {
        await buildExamples({ outDir: dir, only: ['c-notes'] });
      },
    });
  });
  afterAll(async () => stack?.close());

  it('loads on the Node engine', () => {
    expect(stack.host.composed.manager.status('c-notes')).toMatchObject({
      state: 'ready',
      capabilities: ['MetadataAgent'],
      permissions: ['config'],
    });
  });

  it('answers from its PluginConfig, read through ConfigService, by the manager and the HTTP API', async () => {
    expect(await biography(stack, 'c-notes', 'Björk')).toBe('Icelandic singer, from C.');
    expect(await biography(stack, 'c-notes', 'BJöRK')).toBe('Icelandic singer, from C.');
    const answer = await httpCall(
      `${stack.host.url}/api/agents/artists/biography?name=${encodeURIComponent('Björk')}`,
    );
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ biography: 'Icelandic singer, from C.' });
  });

  it('answers plugin:not_found for an unknown artist and NOT_IMPLEMENTED for a method it does not export', async () => {
    expect((await ndpErrorOf(biography(stack, 'c-notes', 'Nobody'))).code).toBe('NOT_FOUND');
    const missing = stack.host.composed.manager.invoke('c-notes', 'MetadataAgent', 'GetArtistURL', {
      id: '',
      name: 'Björk',
      mbid: '',
    });
    expect((await ndpErrorOf(missing)).code).toBe('NOT_IMPLEMENTED');
  });
});
