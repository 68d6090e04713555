// A scheduler that delivers a firing the moment it starts (a restarted cluster node whose BullMQ worker picks up
// a due firing at once) must find the firing's plugin registered: the host starts firing only after its plugins
// are known, so the firing waits for the plugin's load instead of being dropped as "plugin not found".
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScheduleFireHandler, Scheduler } from '@ndp/ports';
import { RecordingLogger } from '@ndp/ports/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFixture } from '../../../../tools/fixtures/index.mjs';
import { createPluginHost, type PluginHost } from './create-plugin-host.js';

/** Holds no schedules; fires one firing of `schedule-recorder` right after `start` resolves. */
class FiresOnStart implements Scheduler {
  private handler: ScheduleFireHandler | undefined;
  readonly delivered: Promise<void>;
  private deliver!: () => void;

  constructor() {
    this.delivered = new Promise((r) => (this.deliver = r));
  }

  onFire(handler: ScheduleFireHandler): void {
    this.handler = handler;
  }

  start(): Promise<void> {
    setImmediate(() => {
      void Promise.resolve(
        this.handler?.({
          pluginId: 'schedule-recorder',
          scheduleId: 'due-at-start',
          payload: new Uint8Array(),
          isRecurring: false,
        }),
      ).finally(() => this.deliver());
    });
    return Promise.resolve();
  }

  scheduleOnce = () => Promise.resolve();
  scheduleRecurring = () => Promise.resolve();
  cancel = () => Promise.resolve(false);
  cancelAll = () => Promise.resolve();
  list = () => Promise.resolve([]);
  close = () => Promise.resolve();
}

describe('a firing delivered as soon as the scheduler starts', () => {
  let root: string;
  let host: PluginHost | undefined;
  let server: Server;
  const reports: string[] = [];
  const logger = new RecordingLogger();
  const scheduler = new FiresOnStart();

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        if (req.url === '/fire') reports.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    root = await mkdtemp(join(tmpdir(), 'ndp-start-order-'));
    await installFixture('schedule-recorder', join(root, 'plugins'), { httpOrigin: origin });
    host = await createPluginHost({
      dataFolder: join(root, 'data'),
      pluginsFolder: join(root, 'plugins'),
      pluginConfig: { 'schedule-recorder': { collector: origin } },
      logger,
      scheduler,
    });
  });

  afterAll(async () => {
    await host?.close();
    await new Promise((r) => server.close(r));
    await rm(root, { recursive: true, force: true });
  });

  it('reaches its plugin, which is registered before firing starts', async () => {
    await scheduler.delivered;
    expect(reports).toEqual(['due-at-start']);
    expect(logger.lines.filter((l) => l.message.includes('plugin not found'))).toEqual([]);
  });
});
