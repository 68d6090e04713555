import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MemoryCache, SystemClock } from '@ndp/adapters-local';
import { NodeEngine, type ExecutorKind } from '@ndp/adapters-wasm-node';
import {
  PluginManager,
  type CallOptions,
  type CapabilityMethodName,
  type MethodRequest,
  type MethodResponse,
  type PluginLimits,
} from '@ndp/application';
import { NdpError, type CapabilityName, type ErrorCode } from '@ndp/domain';
import type { CacheValue, Clock, LogLevel } from '@ndp/ports';
import { RecordingLogger, type LogLine } from '@ndp/ports/testing';
import { HttpExpectations } from './http-expectations.js';
import { quietMetrics } from './quiet-metrics.js';
import { RecordingScheduler, type RecordedSchedule } from './recording-scheduler.js';
import { RecordingWebSocket, type RecordedConnection } from './recording-websocket.js';
import { SinglePluginStore } from './single-plugin-store.js';
import { testArtworkUrls } from './test-artwork-urls.js';
import { TestConfigSource } from './test-config-source.js';

/** Options of {@link loadPlugin}. */
export interface LoadPluginOptions {
  /** The folder holding `manifest.json` and `plugin.wasm` (default: the current directory). */
  readonly folder?: string;
  /** The manifest file, when not `<folder>/manifest.json`. */
  readonly manifestFile?: string;
  /** The module, when not `<folder>/plugin.wasm`. */
  readonly wasmFile?: string;
  /** The plugin's `PluginConfig` map (what `ConfigService` answers); default empty. */
  readonly config?: Readonly<Record<string, string>>;
  /** Host limits (memory, call deadline, pool sizes...); default: the host's defaults. */
  readonly limits?: PluginLimits;
  /** The clock behind `SchedulerService.now`-style answers; default the system clock in UTC. */
  readonly clock?: Clock;
  /** Base of the artwork URLs the plugin gets; default `http://ndp.test`. */
  readonly artworkBaseUrl?: string;
  /** How the Node engine runs the guest; default `inline` (on the test's thread). */
  readonly executor?: ExecutorKind;
}

/** A line the plugin logged (through `log_*`). */
export interface GuestLogLine {
  readonly level: LogLevel;
  readonly message: string;
}

/** The failure of a call, for `expect(...).rejects` or {@link PluginUnderTest.callError}. */
export interface CallFailure {
  readonly code: ErrorCode;
  readonly message: string;
}

/**
 * A built plugin loaded in the host's own plugin manager on the Node engine, with recording host ports: the
 * host services that run are the host's (permission checks, request decoding, in-band errors), only the world
 * behind them is the test's. Made by {@link loadPlugin}; close it in `afterAll`/`afterEach`.
 */
export class PluginUnderTest {
  /** HTTP expectations and the requests the plugin made. */
  readonly http = new HttpExpectations();
  private readonly websocket = new RecordingWebSocket();
  private readonly scheduler = new RecordingScheduler();
  private readonly logger = new RecordingLogger();
  private readonly cacheStore = new MemoryCache();
  private readonly engine: NodeEngine;
  private readonly manager: PluginManager;
  private readonly configSource: TestConfigSource;

  /** @internal use {@link loadPlugin} */
  constructor(
    /** The plugin id (its manifest `name`). */
    readonly id: string,
    store: SinglePluginStore,
    options: LoadPluginOptions,
  ) {
    this.configSource = new TestConfigSource(id, Object.freeze({ ...options.config }));
    this.engine = new NodeEngine({ workers: 1, executor: options.executor ?? 'inline', awaitInline: true });
    this.manager = new PluginManager({
      engine: this.engine,
      store,
      configSource: this.configSource,
      logger: this.logger,
      metrics: quietMetrics,
      scheduler: this.scheduler,
      websocket: this.websocket,
      hostServices: {
        http: this.http,
        cache: this.cacheStore,
        clock: options.clock ?? new SystemClock({ timeZone: 'UTC' }),
        artwork: testArtworkUrls((options.artworkBaseUrl ?? 'http://ndp.test').replace(/\/+$/, '')),
      },
      ...(options.limits ? { limits: options.limits } : {}),
    });
  }

  /** @internal Loads the plugin (compile, `OnInit`) and fails with the host's reason when it cannot serve. */
  async start(): Promise<void> {
    await this.manager.start();
    await this.manager.settled();
    const status = this.manager.status(this.id);
    if (status?.state !== 'ready') {
      const why = status?.failure ?? this.manager.list()[0]?.failure;
      throw new Error(
        `plugin "${this.id}" did not load: ${why ? `${why.code}: ${why.message}` : 'unknown reason'}`,
      );
    }
  }

  /**
   * Calls a capability method with a typed request (the generated protobuf types, plain fields) and resolves with
   * the decoded response. Rejects with the host's `NdpError` (`NOT_FOUND`, `NOT_IMPLEMENTED`, `PLUGIN_ERROR`,
   * `GUEST_*`) when the plugin fails, and with an error naming the request when the call made an HTTP request no
   * expectation matched.
   */
  async call<C extends CapabilityName, M extends CapabilityMethodName<C>>(
    capability: C,
    method: M,
    request: MethodRequest<C, M>,
    options?: CallOptions,
  ): Promise<MethodResponse<C, M>> {
    const before = this.http.unexpected.length;
    let answer: MethodResponse<C, M> | undefined;
    let failure: unknown;
    try {
      answer = await this.manager.invoke(this.id, capability, method, request, options);
    } catch (error) {
      failure = error;
    }
    await this.deliverReplacedCloses();
    const unexpected = this.http.unexpected.slice(before);
    if (unexpected.length > 0) {
      const list = unexpected.map((r) => `${r.method} ${r.url}`).join(', ');
      throw new Error(`${capability}.${method} made HTTP requests no expectation matches: ${list}`, {
        cause: failure,
      });
    }
    if (failure !== undefined) throw failure;
    return answer!;
  }

  /** The failure of a call that must fail; throws when it succeeds or fails with something other than an NdpError. */
  async callError<C extends CapabilityName, M extends CapabilityMethodName<C>>(
    capability: C,
    method: M,
    request: MethodRequest<C, M>,
  ): Promise<CallFailure> {
    try {
      await this.call(capability, method, request);
    } catch (error) {
      if (NdpError.is(error)) return { code: error.code, message: error.message };
      throw error;
    }
    throw new Error(`expected ${capability}.${method} to fail, but it answered`);
  }

  /** The cache entry the plugin stored under `key` (as the host's cache holds it), or undefined. */
  async cached(key: string): Promise<CacheValue | undefined> {
    return this.cacheStore.get(this.id, key);
  }

  /** Puts an entry into the plugin's cache before a call (`ttlMs` default one hour). */
  async cache(key: string, value: CacheValue, ttlMs = 3_600_000): Promise<void> {
    await this.cacheStore.set(this.id, key, value, ttlMs);
  }

  /** The plugin's live schedules, in the order they were made. */
  get schedules(): RecordedSchedule[] {
    return this.scheduler.scheduled(this.id);
  }

  /** Schedule ids the plugin cancelled, in order (whether or not they existed). */
  get cancelledSchedules(): readonly string[] {
    return this.scheduler.cancelled;
  }

  /** Fires one of the plugin's schedules now (`OnSchedulerCallback`); a one-time schedule is gone afterwards. */
  async fire(scheduleId: string): Promise<void> {
    const schedule = this.scheduler.take(this.id, scheduleId);
    if (!schedule) {
      const known = this.schedules.map((s) => s.id).join(', ') || 'none';
      throw new Error(`plugin "${this.id}" has no schedule "${scheduleId}" (its schedules: ${known})`);
    }
    await this.call('SchedulerCallback', 'OnSchedulerCallback', {
      scheduleId: schedule.id,
      payload: schedule.payload,
      isRecurring: schedule.recurring,
    });
  }

  /** Every WebSocket connection the plugin opened, in order. */
  get connections(): RecordedConnection[] {
    return this.websocket.all(this.id);
  }

  /** One connection by id; throws naming the known ones when the plugin never opened it. */
  connection(connectionId: string): RecordedConnection {
    const c = this.websocket.get(this.id, connectionId);
    if (!c) {
      const known = this.connections.map((x) => x.id).join(', ') || 'none';
      throw new Error(
        `plugin "${this.id}" opened no connection "${connectionId}" (its connections: ${known})`,
      );
    }
    return c;
  }

  /** Makes the plugin's next connects fail with `error` (`undefined` accepts again). */
  refuseConnections(error: string | undefined): void {
    this.websocket.refuseConnections(error);
  }

  /** Delivers a text message from the server of an open connection (`OnTextMessage`). */
  async receiveText(connectionId: string, message: string): Promise<void> {
    this.requireOpen(connectionId);
    await this.call('WebSocketCallback', 'OnTextMessage', { connectionId, message });
  }

  /** Delivers a binary message from the server of an open connection (`OnBinaryMessage`). */
  async receiveBinary(connectionId: string, data: Uint8Array): Promise<void> {
    this.requireOpen(connectionId);
    await this.call('WebSocketCallback', 'OnBinaryMessage', { connectionId, data });
  }

  /** Closes a connection from the server side (`OnClose`). */
  async serverClose(connectionId: string, code = 1000, reason = ''): Promise<void> {
    this.requireOpen(connectionId).open = false;
    await this.call('WebSocketCallback', 'OnClose', { connectionId, code, reason });
  }

  /** What the plugin logged, in order (at the host's plugin log level, `info` unless `limits` say otherwise). */
  get logs(): GuestLogLine[] {
    return this.logger.lines
      .filter((l) => l.fields['source'] === 'guest')
      .map((l) => ({ level: l.level, message: l.message }));
  }

  /** Every line the host logged about the plugin (load, failures of host services, guest lines), with fields. */
  get hostLogs(): readonly LogLine[] {
    return this.logger.lines;
  }

  /** The plugin's `PluginConfig` now. */
  get config(): Readonly<Record<string, string>> {
    return this.configSource.get(this.id);
  }

  /** Replaces the plugin's `PluginConfig` and reloads it (`OnInit` runs again), as a host config reload does. */
  async setConfig(map: Readonly<Record<string, string>>): Promise<void> {
    this.configSource.set(map);
    await this.manager.settled();
  }

  /** Stops the plugin and the engine. */
  async close(): Promise<void> {
    try {
      await this.manager.close();
    } finally {
      await this.engine.close();
      await this.cacheStore.close();
    }
  }

  /**
   * `OnClose` of each connection the last call replaced by connecting with its id, as the host delivers it (after
   * the connect, outside the call that made it). A plugin without WebSocketCallback is not told.
   */
  private async deliverReplacedCloses(): Promise<void> {
    const listens = this.manager.status(this.id)?.capabilities.includes('WebSocketCallback') ?? false;
    for (const r of this.websocket.takeReplaced()) {
      if (!listens) continue;
      try {
        await this.call('WebSocketCallback', 'OnClose', {
          connectionId: r.connectionId,
          code: r.code,
          reason: r.reason,
        });
      } catch (error) {
        // As in the host: a failing callback is logged, it does not fail the call that caused it.
        const message = error instanceof Error ? error.message : String(error);
        this.logger.warn('plugin callback failed', { plugin: this.id, method: 'OnClose', error: message });
      }
    }
  }

  private requireOpen(connectionId: string): RecordedConnection {
    const c = this.connection(connectionId);
    if (!c.open) throw new Error(`connection "${connectionId}" of plugin "${this.id}" is closed`);
    return c;
  }
}

/**
 * Loads a built plugin (`manifest.json` + `plugin.wasm`) into the host's plugin manager with recording host
 * ports, waits for `OnInit`, and resolves once it serves calls. Rejects with the host's reason (bad manifest,
 * missing exports, imports the manifest does not grant, a failing `OnInit`...) when it cannot.
 *
 * @example
 * ```ts
 * const plugin = await loadPlugin({ folder: '.', config: { greeting: 'hi' } });
 * plugin.http.expect('GET', 'https://api.example.com/a', { json: { bio: 'x' } });
 * const answer = await plugin.call('MetadataAgent', 'GetArtistBiography', { name: 'A' });
 * ```
 */
export async function loadPlugin(options: LoadPluginOptions = {}): Promise<PluginUnderTest> {
  const folder = resolve(options.folder ?? '.');
  const manifestFile = resolve(folder, options.manifestFile ?? 'manifest.json');
  const wasmFile = resolve(folder, options.wasmFile ?? 'plugin.wasm');
  const manifestText = await readText(manifestFile, 'manifest');
  let id: unknown;
  try {
    id = (JSON.parse(manifestText) as { name?: unknown }).name;
  } catch (error) {
    throw new Error(`${manifestFile} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof id !== 'string' || id === '') throw new Error(`${manifestFile} has no "name"`);
  let wasm: Uint8Array;
  try {
    wasm = new Uint8Array(await readFile(wasmFile));
  } catch (error) {
    throw new Error(
      `cannot read the plugin module ${wasmFile} (build the plugin first): ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const store = new SinglePluginStore(id, { manifestText, manifestFile, wasm });
  const plugin = new PluginUnderTest(id, store, options);
  try {
    await plugin.start();
  } catch (error) {
    await plugin.close();
    throw error;
  }
  return plugin;
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the plugin ${what} ${file}: ${(error as Error).message}`, { cause: error });
  }
}
