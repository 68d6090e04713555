import { NdpError } from '@ndp/domain';
import { describe, expect, it } from 'vitest';
import { pluginAnswerError } from './plugin-answer-error.js';

describe('pluginAnswerError', () => {
  it('maps the exact standard strings to NOT_FOUND and NOT_IMPLEMENTED', () => {
    expect(pluginAnswerError('p', 'GetArtistURL', 'plugin:not_found').code).toBe('NOT_FOUND');
    expect(pluginAnswerError('p', 'GetArtistURL', 'plugin:not_implemented').code).toBe('NOT_IMPLEMENTED');
  });

  it('keeps any other text as PLUGIN_ERROR carrying plugin id, method and the text once, in the message', () => {
    for (const text of ['plugin:not_found ', 'Plugin:Not_Found', 'artist not found', 'boom']) {
      const e = pluginAnswerError('lastfm', 'Scrobble', text);
      expect(NdpError.is(e, 'PLUGIN_ERROR')).toBe(true);
      expect(e.details).toEqual({ pluginId: 'lastfm', method: 'Scrobble' });
      expect(JSON.stringify(e.toJSON()).split(text).length - 1).toBe(1);
      expect(e.message).toContain('lastfm');
      expect(e.message).toContain('Scrobble');
      expect(e.message).toContain(text);
    }
  });
});
