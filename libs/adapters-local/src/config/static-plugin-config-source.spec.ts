import { describe, expect, it } from 'vitest';
import { StaticPluginConfigSource } from './static-plugin-config-source.js';

describe('StaticPluginConfigSource', () => {
  it('answers each plugin its own frozen map, {} when it has none', () => {
    const initial = { discord: { clientid: '123' } };
    const configs = new StaticPluginConfigSource(initial);
    initial.discord.clientid = 'changed later';
    expect(configs.get('discord')).toEqual({ clientid: '123' });
    expect(Object.isFrozen(configs.get('discord'))).toBe(true);
    expect(configs.get('other')).toEqual({});
    expect(Object.isFrozen(configs.get('other'))).toBe(true);
  });

  it('update notifies the plugins whose map was added, removed or changed, after get answers the new values', () => {
    const configs = new StaticPluginConfigSource({
      same: { a: '1' },
      changed: { a: '1' },
      removed: { a: '1' },
      renamedKey: { a: '1' },
    });
    const heard: [string, Readonly<Record<string, string>>][] = [];
    configs.onChange((id) => heard.push([id, configs.get(id)]));
    configs.update({ same: { a: '1' }, changed: { a: '2' }, added: { b: '1' }, renamedKey: { b: '1' } });
    expect(heard.sort(([a], [b]) => a.localeCompare(b))).toEqual([
      ['added', { b: '1' }],
      ['changed', { a: '2' }],
      ['removed', {}],
      ['renamedKey', { b: '1' }],
    ]);
  });

  it('unsubscribe stops notifications; a throwing listener does not stop the others', () => {
    const configs = new StaticPluginConfigSource();
    const heard: string[] = [];
    const off = configs.onChange((id) => heard.push(`first:${id}`));
    configs.onChange(() => {
      throw new Error('listener failed');
    });
    configs.onChange((id) => heard.push(`third:${id}`));
    expect(() => configs.update({ p: { k: 'v' } })).toThrow('listener failed');
    expect(heard).toEqual(['first:p', 'third:p']);
    off();
    heard.length = 0;
    expect(() => configs.update({ p: { k: 'w' } })).toThrow('listener failed');
    expect(heard).toEqual(['third:p']);
  });
});
