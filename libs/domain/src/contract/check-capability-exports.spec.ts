import { describe, expect, it } from 'vitest';
import { NdpError } from '../errors/ndp-error.js';
import { checkCapabilityExports } from './check-capability-exports.js';

describe('checkCapabilityExports', () => {
  it('reports the declared methods that are missing', () => {
    const result = checkCapabilityExports('p', { capabilities: ['MetadataAgent', 'LifecycleManagement'] }, [
      'metadata_agent_get_artist_biography',
      'metadata_agent_get_artist_url',
      'lifecycle_management_on_init',
      'memory',
    ]);
    expect(result.ok).toBe(true);
    const missing = result.ok ? result.value.map((m) => m.method) : [];
    expect(missing).toEqual([
      'GetArtistMBID',
      'GetSimilarArtists',
      'GetArtistImages',
      'GetArtistTopSongs',
      'GetAlbumInfo',
      'GetAlbumImages',
    ]);
  });

  it('rejects a declared capability with no method exported, one error per capability', () => {
    const result = checkCapabilityExports(
      'p',
      { capabilities: ['Scrobbler', 'WebSocketCallback', 'SchedulerCallback'] },
      ['scheduler_callback_on_scheduler_callback', 'metadata_agent_get_artist_mbid'],
    );
    expect(result.ok).toBe(false);
    const errors = !result.ok ? result.error : [];
    expect(errors.map((e) => e.details['capability'])).toEqual(['Scrobbler', 'WebSocketCallback']);
    expect(errors.every((e) => NdpError.is(e, 'CAPABILITY_NOT_EXPORTED'))).toBe(true);
    expect(errors[0]?.message).toMatch(
      /^plugin "p" declares Scrobbler but exports none of its methods \(expected at least one of scrobbler_is_authorized/,
    );
  });

  it('accepts a fully exported capability with nothing missing', () => {
    const result = checkCapabilityExports('p', { capabilities: ['LifecycleManagement'] }, [
      'lifecycle_management_on_init',
    ]);
    expect(result).toEqual({ ok: true, value: [] });
  });
});
