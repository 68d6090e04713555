import type { CapabilityName } from '@ndp/domain';
import {
  InMemoryCache,
  InMemoryScheduler,
  type FakeExport,
  FakeEngine,
  FakeHttpClient,
  FakeWebSocketClient,
  FixedClock,
  StaticConfigSource,
  fakeArtworkUrls,
  FakePluginStore,
  RecordingMetrics,
  RecordingLogger,
} from '@ndp/ports/testing';
import {
  encodeMessage,
  decodeMessage,
  type DescMessage,
  type MessageInitShape,
  type MessageShape,
} from '../codec/proto-codec.js';
import { PluginManager } from '../manager/plugin-manager.js';
import type { PluginManagerOptions } from '../manager/plugin-manager-options.js';

/** A manifest object for tests. */
export function manifestOf(
  name: string,
  capabilities: readonly CapabilityName[],
  extra: Record<string, unknown> = {},
) {
  return {
    name,
    author: 'test',
    version: '1.0.0',
    description: 'test plugin',
    capabilities,
    permissions: {},
    ...extra,
  };
}

/** A fake export that decodes its request with `input` and answers `output` encoded with `schema`. */
export function answer<I extends DescMessage, O extends DescMessage>(
  input: I,
  output: O,
  respond: (request: MessageShape<I>) => MessageInitShape<O> | Promise<MessageInitShape<O>>,
): FakeExport {
  return async (bytes) => ({
    ok: true,
    output: encodeMessage(output, await respond(decodeMessage(input, bytes))),
  });
}

/** A fake export answering on the plugin error channel. */
export function failWith(text: string): FakeExport {
  return () => ({ ok: false, error: text });
}

/** Everything a manager test needs, made of fakes. Test support only. */
export function managerHarness(overrides: Partial<PluginManagerOptions> = {}) {
  const engine = new FakeEngine();
  const store = new FakePluginStore();
  const logger = new RecordingLogger();
  const metrics = new RecordingMetrics();
  const configSource = new StaticConfigSource();
  const scheduler = new InMemoryScheduler();
  const websocket = new FakeWebSocketClient();
  const http = new FakeHttpClient();
  const cache = new InMemoryCache();
  const clock = new FixedClock();
  const options: PluginManagerOptions = {
    engine,
    store,
    configSource,
    logger,
    metrics,
    scheduler,
    websocket,
    hostServices: { http, cache, clock, artwork: fakeArtworkUrls },
    ...overrides,
  };
  const manager = new PluginManager(options);
  return { manager, engine, store, logger, metrics, configSource, scheduler, websocket, http, cache, clock };
}
