import { describe, expect, it } from 'vitest';
import { RecordingLogger } from '@ndp/ports/testing';
import { RecentLogs } from './recent-logs.js';

describe('RecentLogs', () => {
  it('keeps each plugin’s guest lines and host lines about it, bounded, and writes everything through', () => {
    const inner = new RecordingLogger();
    const recent = new RecentLogs({ linesPerPlugin: 3, maxMessageChars: 20 });
    const log = recent.wrap(inner);
    const guest = log.child({ plugin: 'p', source: 'guest' });
    for (let i = 0; i < 5; i++) guest.info(`line ${i}`);
    log.error('plugin failed', { plugin: 'p', error: 'boom' });
    log.info('plugin call', { plugin: 'p', method: 'M', durationMs: 1 }); // figures, not a log line to keep
    log.debug('detail', { plugin: 'p' });
    guest.warn('x'.repeat(25));
    expect(recent.of('p').map((l) => [l.level, l.source, l.message])).toEqual([
      ['info', 'guest', 'line 4'],
      ['error', 'host', 'plugin failed: boom'],
      ['warn', 'guest', 'xxxxxxxxxxxxxxxxxxxx… [5 more characters]'],
    ]);
    expect(recent.of('other')).toEqual([]);
    expect(inner.lines.length).toBeGreaterThanOrEqual(8);
  });
});
