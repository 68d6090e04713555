import {
  ARTWORK_URLS,
  CACHE,
  CLOCK,
  HTTP_CLIENT,
  LOGGER,
  METRICS,
  PLUGIN_CONFIG_SOURCE,
  PLUGIN_ENGINE,
  PLUGIN_STORE,
  SCHEDULER,
  WEBSOCKET_CLIENT,
} from '@ndp/ports';
import {
  InMemoryCache,
  InMemoryScheduler,
  FakeEngine,
  FakeHttpClient,
  FakeWebSocketClient,
  FixedClock,
  StaticConfigSource,
  fakeArtworkUrls,
  FakePluginStore,
  RecordingMetrics,
} from '@ndp/ports/testing';
import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import type { Scheduler, WebSocketClient } from '@ndp/ports';
import type { CallbackRouter } from '../callbacks/callback-router.js';
import type { Agents } from '../dispatch/agents.js';
import { PluginManager } from '../manager/plugin-manager.js';
import { RecordingLogger } from '@ndp/ports/testing';
import { createApplicationModule } from './application-module.js';
import { AGENTS, CALLBACK_ROUTER, PLUGIN_MANAGER, PLUGIN_WEBSOCKETS, SCROBBLERS } from './tokens.js';

describe('createApplicationModule', () => {
  it('binds the use cases as singletons over the port tokens and wires callbacks', async () => {
    const container = new Container();
    const websocket = new FakeWebSocketClient();
    const values: [symbol, unknown][] = [
      [PLUGIN_ENGINE, new FakeEngine()],
      [PLUGIN_STORE, new FakePluginStore()],
      [PLUGIN_CONFIG_SOURCE, new StaticConfigSource()],
      [LOGGER, new RecordingLogger()],
      [METRICS, new RecordingMetrics()],
      [SCHEDULER, new InMemoryScheduler()],
      [WEBSOCKET_CLIENT, websocket],
      [HTTP_CLIENT, new FakeHttpClient()],
      [CACHE, new InMemoryCache()],
      [CLOCK, new FixedClock()],
      [ARTWORK_URLS, fakeArtworkUrls],
    ];
    for (const [id, value] of values) container.bind(id).toConstantValue(value);
    await container.load(createApplicationModule({ agents: ['a', 'b'] }));
    const manager = container.get<PluginManager>(PLUGIN_MANAGER);
    expect(manager).toBeInstanceOf(PluginManager);
    expect(container.get(PLUGIN_MANAGER)).toBe(manager);
    expect(container.get<Agents>(AGENTS).names).toEqual(['a', 'b']);
    expect(container.get(SCROBBLERS)).toBeDefined();
    // Nothing is wired by resolving: the composition root attaches the router.
    expect(websocket.sink).toBeUndefined();
    const router = container.get<CallbackRouter>(CALLBACK_ROUTER);
    router.attach(container.get<Scheduler>(SCHEDULER), container.get<WebSocketClient>(PLUGIN_WEBSOCKETS));
    expect(websocket.sink).toBe(router);
  });
});
