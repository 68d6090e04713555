import { type FakeExport } from '@ndp/ports/testing';
import {
  ScrobblerIsAuthorizedRequestSchema,
  ScrobblerIsAuthorizedResponseSchema,
  ScrobblerNowPlayingRequestSchema,
  ScrobblerNowPlayingResponseSchema,
  ScrobblerScrobbleRequestSchema,
  ScrobblerScrobbleResponseSchema,
} from '@ndp/protocol';
import { describe, expect, it } from 'vitest';
import { answer, failWith, manifestOf, managerHarness } from '../testing/manager-harness.js';
import { Scrobblers } from './scrobblers.js';

const authorized = (users: string[]) =>
  answer(ScrobblerIsAuthorizedRequestSchema, ScrobblerIsAuthorizedResponseSchema, (r) => ({
    authorized: users.includes(r.username),
  }));

function recorder(log: string[], id: string, error = ''): Record<string, FakeExport> {
  return {
    scrobbler_now_playing: answer(
      ScrobblerNowPlayingRequestSchema,
      ScrobblerNowPlayingResponseSchema,
      (r) => {
        log.push(`${id}:now:${r.username}:${r.track?.name}`);
        return { error };
      },
    ),
    scrobbler_scrobble: answer(ScrobblerScrobbleRequestSchema, ScrobblerScrobbleResponseSchema, (r) => {
      log.push(`${id}:scrobble:${r.userId}`);
      return { error };
    }),
  };
}

async function scrobblersOf(plugins: Record<string, Record<string, FakeExport>>) {
  const h = managerHarness();
  for (const [id, exports] of Object.entries(plugins))
    h.store.put(id, manifestOf(id, ['Scrobbler']), h.engine.define(id, { exports }));
  await h.manager.start();
  await h.manager.settled();
  return { h, scrobblers: new Scrobblers(h.manager, h.manager.registry, h.logger, h.metrics) };
}

describe('Scrobblers', () => {
  it('sends to every authorized plugin and skips the others for that user', async () => {
    const log: string[] = [];
    const { scrobblers } = await scrobblersOf({
      alice: { scrobbler_is_authorized: authorized(['alice']), ...recorder(log, 'alice') },
      bob: { scrobbler_is_authorized: authorized(['bob']), ...recorder(log, 'bob') },
    });
    const outcomes = await scrobblers.nowPlaying({
      userId: 'u1',
      username: 'alice',
      track: { name: 'Song' },
    });
    expect(log).toEqual(['alice:now:alice:Song']);
    expect(outcomes).toEqual(
      expect.arrayContaining([
        { plugin: 'alice', status: 'sent' },
        { plugin: 'bob', status: 'skipped', reason: 'user not authorized' },
      ]),
    );
  });

  it('skips a plugin whose authorization check errors or answers an error text', async () => {
    const log: string[] = [];
    const { scrobblers } = await scrobblersOf({
      broken: { scrobbler_is_authorized: failWith('db down'), ...recorder(log, 'broken') },
      texty: {
        scrobbler_is_authorized: answer(
          ScrobblerIsAuthorizedRequestSchema,
          ScrobblerIsAuthorizedResponseSchema,
          () => ({ authorized: true, error: 'token expired' }),
        ),
        ...recorder(log, 'texty'),
      },
    });
    const outcomes = await scrobblers.scrobble({ userId: 'u1' });
    expect(log).toEqual([]);
    expect(outcomes.map((o) => o.status)).toEqual(['skipped', 'skipped']);
  });

  it('logs, counts and reports a response error instead of dropping it', async () => {
    const log: string[] = [];
    const { scrobblers, h } = await scrobblersOf({
      lfm: { scrobbler_is_authorized: authorized(['']), ...recorder(log, 'lfm', 'invalid session') },
    });
    const [outcome] = await scrobblers.scrobble({ userId: 'u1' });
    expect(outcome).toMatchObject({ plugin: 'lfm', status: 'failed', code: 'PLUGIN_ERROR' });
    expect((outcome as { error: string }).error).toContain('invalid session');
    expect(
      h.metrics.value('ndp_scrobbler_errors_total', {
        plugin: 'lfm',
        method: 'Scrobble',
        code: 'PLUGIN_ERROR',
      }),
    ).toBe(1);
    expect(h.logger.find('scrobbler failed')).toHaveLength(1);
  });
});
