import { describe, expect, it } from 'vitest';
import { WebSocketAllowList } from './websocket-allow-list.js';

function list(allowedUrls?: string[]) {
  const compiled = WebSocketAllowList.compile(allowedUrls);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.error));
  return compiled.value;
}

describe('WebSocketAllowList', () => {
  const allow = list(['wss://gateway.discord.gg', 'ws://*.local.example:8080/socket/*']);

  it.each([
    ['wss://gateway.discord.gg/?v=10&encoding=json', true],
    ['wss://gateway.discord.gg:443/', true],
    ['ws://gateway.discord.gg/', false],
    ['wss://evil.gg/', false],
    ['ws://a.local.example:8080/socket/1', true],
    ['ws://a.local.example/socket/1', false],
    ['ws://a.local.example:8080/other', false],
    ['https://gateway.discord.gg/', false],
  ])('%s → %s', (url, expected) => {
    expect(allow.allows(url).ok).toBe(expected);
  });

  it('allows any ws(s) URL when allowedUrls is absent', () => {
    expect(list(undefined).allows('wss://any.example/').ok).toBe(true);
    const http = list(undefined).allows('http://any.example/');
    expect(!http.ok && http.error).toMatch(/only ws and wss/);
  });

  it('reports invalid patterns with their index', () => {
    const compiled = WebSocketAllowList.compile(['wss://ok.org', 'https://x.org', 'wss://u@x.org']);
    expect(!compiled.ok && compiled.error.map((i) => i.index)).toEqual([1, 2]);
  });

  it('explains a refusal', () => {
    const refused = allow.allows('wss://evil.gg/x');
    expect(!refused.ok && refused.error).toMatch(
      /^wss:\/\/evil\.gg\/x does not match any allowed URL pattern/,
    );
  });
});
