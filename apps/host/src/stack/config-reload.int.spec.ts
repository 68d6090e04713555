import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFixture } from '../../../../tools/fixtures/index.mjs';
import { biography, ndpErrorOf, startStack, type Stack } from './stack-harness.js';

const toml = (timeout: string) => `[Plugins.Overrides.loop-forever]\nCallTimeout = "${timeout}"\n`;

describe('a configuration reload on the real host', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      toml: toml('300ms'),
      install: async (dir) => {
        await installFixture('loop-forever', dir);
        await installFixture('lifecycle', dir);
      },
    });
  }, 300_000);

  afterAll(async () => {
    await stack?.close();
  });

  async function timedOutAfter(): Promise<number> {
    const started = Date.now();
    const error = await ndpErrorOf(biography(stack, 'loop-forever', 'spin'));
    expect(error.code).toBe('GUEST_TIMEOUT');
    return Date.now() - started;
  }

  it('applies a changed override to the next calls', async () => {
    expect(await timedOutAfter()).toBeLessThan(5_000); // the override, not the global 10 s
    await writeFile(join(stack.root, 'ndp.toml'), toml('1500ms'));
    const report = await stack.host.reload('test');
    expect(report.reinitialized).toEqual(['loop-forever']);
    expect(report.restartRequired).toEqual([]);
    expect(await timedOutAfter()).toBeGreaterThanOrEqual(1_480);
  });

  it('re-runs OnInit of a plugin whose PluginConfig changed, and keeps the running config on a bad file', async () => {
    await writeFile(
      join(stack.root, 'ndp.toml'),
      `${toml('1500ms')}[PluginConfig.lifecycle]\nfail = "true"\n`,
    );
    expect((await stack.host.reload('test')).reinitialized).toEqual(['lifecycle']);
    expect(stack.host.composed.manager.status('lifecycle')?.state).toBe('failed');
    await writeFile(
      join(stack.root, 'ndp.toml'),
      `${toml('1500ms')}[PluginConfig.lifecycle]\nfail = "false"\n`,
    );
    await stack.host.reload('test');
    expect(stack.host.composed.manager.status('lifecycle')?.state).toBe('ready');

    await writeFile(join(stack.root, 'ndp.toml'), `[Plugins]\nCallTimeout = "soon"\n`);
    const error = await ndpErrorOf(stack.host.reload('test'));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe(
      `${join(stack.root, 'ndp.toml')}:2: Plugins.CallTimeout: expected a duration like "10s", "1m30s" or "500ms", got "soon"`,
    );
    expect(stack.logger.find('config reload failed: the running configuration is kept')).toHaveLength(1);
    expect(await timedOutAfter()).toBeGreaterThanOrEqual(1_480); // the override still holds
  });
});
