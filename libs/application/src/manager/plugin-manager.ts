import { NdpError, type CapabilityName } from '@ndp/domain';
import type { Logger } from '@ndp/ports';
import { encodeMessage } from '../codec/proto-codec.js';
import type {
  CallOptions,
  CapabilityMethodName,
  MethodRequest,
  MethodResponse,
  PluginInvoker,
} from '../dispatch/capability-types.js';
import { Lifecycle } from '../lifecycle/lifecycle.js';
import { CallMetrics } from './call-metrics.js';
import { createPluginLoader } from './create-plugin-loader.js';
import { CapabilityRegistry } from './capability-registry.js';
import { methodDescriptor, runGuestCall, type GuestAnswer } from './guest-call.js';
import { locateCandidate, readCandidate, type PluginCandidate } from './plugin-candidate.js';
import { PluginEntry } from './plugin-entry.js';
import type { PluginLoader } from './plugin-loader.js';
import { DEFAULT_LIMITS, type PluginManagerOptions } from './plugin-manager-options.js';
import { problemStatus, type PluginFailure, type PluginStatus } from './plugin-status.js';
import type { PluginVersion } from './plugin-version.js';
import { servingVersion } from './serving-version.js';
import { versionInvoker } from './version-invoker.js';

/**
 * Discovers, validates, compiles, initializes and serves plugins (docs/contract.md §1, §4–§6), over ports only.
 *
 * Guarantees: one bad folder never stops the others (it gets a `failed` status naming the folder and the reason);
 * the manifest `name` is the id and a second folder with the same name is rejected naming both folders; at most
 * `compileConcurrency` compilations run at once; `OnInit` runs before a version serves calls; a plugin is in the
 * capability registry exactly while it is `ready`; on disable, removal or failure its capabilities are
 * unregistered, its schedules cancelled and its sockets closed; a refresh swaps versions atomically and the old
 * version's in-flight calls finish on it. Calls to a loading plugin wait for it within the call deadline.
 * Does not guarantee: that `start` has loaded anything when it resolves (loading runs in the background; await
 * {@link settled}), or persistence of the disabled state across restarts.
 */
export class PluginManager implements PluginInvoker {
  readonly registry = new CapabilityRegistry();
  private readonly plugins = new Map<string, PluginEntry>();
  private readonly problems = new Map<string, PluginStatus>();
  private readonly pending = new Set<Promise<void>>();
  private readonly log: Logger;
  private readonly metrics: CallMetrics;
  private readonly lifecycle: Lifecycle;
  private readonly loader: PluginLoader;
  private readonly callTimeoutMs: number;
  private unsubscribeConfig: (() => void) | undefined;

  constructor(private readonly options: PluginManagerOptions) {
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.callTimeoutMs = limits.callTimeoutMs;
    this.log = options.logger.child({ component: 'plugin-manager' });
    this.metrics = new CallMetrics(options.metrics);
    this.lifecycle = new Lifecycle(options.configSource);
    this.loader = createPluginLoader(options, this.metrics, (v) => this.plugins.get(v.id)?.current === v);
  }

  /** Scans the plugins folder and starts loading every plugin in the background; resolves once all are known. */
  async start(): Promise<void> {
    this.unsubscribeConfig ??= this.options.configSource.onChange((id) => {
      if (this.plugins.get(id)?.state === 'ready') void this.refresh(id).catch(() => undefined);
    });
    for (const entry of await this.options.store.list()) {
      if (!entry.ok) {
        this.fileProblem(entry.folder, { code: entry.code, message: entry.problem });
        continue;
      }
      const outcome = await readCandidate(this.options.store, entry.folder);
      if (!outcome.ok) this.fileProblem(outcome.folder, outcome.failure);
      else this.admit(outcome.candidate);
    }
  }

  /** Resolves when every load started so far has finished (ready or failed). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Every plugin and every unusable folder, sorted by folder. */
  list(): PluginStatus[] {
    const all = [...[...this.plugins.values()].map((e) => e.status()), ...this.problems.values()];
    return all.sort((a, b) => a.folder.localeCompare(b.folder));
  }

  /** The status of one plugin id, or `undefined` when no plugin has it. */
  status(id: string): PluginStatus | undefined {
    return this.plugins.get(id)?.status();
  }

  /** Ready plugins offering `capability`. */
  pluginsWith(capability: CapabilityName): string[] {
    return this.registry.pluginsWith(capability);
  }

  /**
   * Re-reads the plugin's folder (or finds the folder that now holds this id), re-runs every check, compile and
   * OnInit, then swaps the new version in. Resolves with the new status; `undefined` when no folder holds the id
   * any more (the plugin is then removed). A disabled plugin stays disabled.
   */
  async refresh(id: string): Promise<PluginStatus | undefined> {
    const others = [...this.plugins.values()].filter((e) => e.id !== id).map((e) => e.folder);
    const candidate = await locateCandidate(
      this.options.store,
      id,
      this.plugins.get(id)?.folder,
      new Set(others),
    );
    const existing = this.plugins.get(id);
    if (!candidate) {
      if (existing) await this.remove(id);
      return undefined;
    }
    if (existing?.state === 'disabled') {
      existing.folder = candidate.folder;
      existing.manifest = candidate.parsed.manifest;
      return existing.status();
    }
    this.lifecycle.forget(id);
    await this.track(this.startLoad(candidate));
    return this.status(id);
  }

  /** Stops serving the plugin: unregisters it, cancels its schedules, closes its sockets, drains its pool. */
  async disable(id: string): Promise<PluginStatus> {
    const entry = this.require(id);
    if (entry.state !== 'disabled') {
      entry.generation++;
      entry.setState('disabled', Date.now());
      await this.retire(entry);
    }
    return entry.status();
  }

  /** Loads a disabled plugin again from its folder; other states are left as they are. */
  async enable(id: string): Promise<PluginStatus | undefined> {
    const entry = this.require(id);
    if (entry.state !== 'disabled') return entry.status();
    entry.setState('loading', Date.now());
    return this.refresh(id);
  }

  /** Forgets a plugin whose folder is gone, with the same clean-up as {@link disable}. */
  async remove(id: string): Promise<void> {
    const entry = this.plugins.get(id);
    if (!entry) return;
    entry.generation++;
    this.plugins.delete(id);
    entry.abandon();
    await this.retire(entry);
  }

  /**
   * Calls a capability method with protobuf bytes and answers the response bytes (docs/contract.md §4 mapping applied:
   * a plugin error rejects). Waits for a loading plugin within the deadline.
   */
  async call(
    pluginId: string,
    capability: CapabilityName,
    method: string,
    input: Uint8Array,
    options?: CallOptions,
  ): Promise<Uint8Array> {
    return (await this.execute(pluginId, capability, method, input, options)).bytes;
  }

  async invoke<C extends CapabilityName, M extends CapabilityMethodName<C>>(
    pluginId: string,
    capability: C,
    method: M,
    request: MethodRequest<C, M>,
    options?: CallOptions,
  ): Promise<MethodResponse<C, M>> {
    const input = encodeMessage(methodDescriptor(pluginId, capability, method).input, request as never);
    return (await this.execute(pluginId, capability, method, input, options)).message as MethodResponse<C, M>;
  }

  /** Closes every pool and stops listening for config changes; the ports are the caller's to close. */
  async close(): Promise<void> {
    this.unsubscribeConfig?.();
    const entries = [...this.plugins.values()];
    this.plugins.clear();
    for (const e of entries) e.abandon();
    await Promise.all(entries.map((e) => e.current?.pool.close()));
  }

  private async execute(
    pluginId: string,
    capability: CapabilityName,
    method: string,
    input: Uint8Array,
    options?: CallOptions,
  ): Promise<GuestAnswer> {
    const timeoutMs =
      options?.timeoutMs ?? this.options.overrides?.[pluginId]?.callTimeoutMs ?? this.callTimeoutMs;
    const version = await servingVersion((id) => this.plugins.get(id), pluginId, Date.now() + timeoutMs);
    const deadline = Date.now() + (options?.timeoutMs ?? version.callTimeoutMs);
    return runGuestCall(version, capability, method, input, deadline, {
      metrics: this.metrics,
      logger: this.log,
    });
  }

  private admit(candidate: PluginCandidate): void {
    const id = candidate.parsed.manifest.name;
    const other = this.plugins.get(id);
    if (other && other.folder !== candidate.folder) {
      this.fileProblem(
        candidate.folder,
        {
          code: 'PLUGIN_DUPLICATE_NAME',
          message:
            `plugin folders "${other.folder}" and "${candidate.folder}" both declare the name "${id}"; ` +
            `"${candidate.folder}" is ignored: rename the plugin or remove one of the folders`,
        },
        id,
      );
      return;
    }
    void this.track(this.startLoad(candidate));
  }

  private startLoad(candidate: PluginCandidate): Promise<void> {
    const { manifest, warnings, unknownPermissions } = candidate.parsed;
    const id = manifest.name;
    this.problems.delete(candidate.folder);
    let entry = this.plugins.get(id);
    if (!entry) {
      entry = new PluginEntry(id, candidate.folder, manifest, Date.now());
      this.plugins.set(id, entry);
    }
    for (const w of warnings)
      this.log.warn('plugin manifest warning', {
        plugin: id,
        file: w.file,
        path: w.path,
        warning: w.message,
      });
    if (unknownPermissions.length > 0)
      this.log.debug('unknown permissions ignored', { plugin: id, keys: unknownPermissions });
    if (entry.state !== 'ready') entry.setState('loading', Date.now());
    const generation = ++entry.generation;
    return this.load(entry, candidate, generation);
  }

  private async load(entry: PluginEntry, candidate: PluginCandidate, generation: number): Promise<void> {
    const { manifest } = candidate.parsed;
    let version: PluginVersion | undefined;
    let failure: NdpError | undefined;
    try {
      version = await this.loader.load(manifest, candidate.folder, candidate.files.wasm);
      failure = await this.lifecycle.initialize(
        version,
        versionInvoker(version, { metrics: this.metrics, logger: this.log }),
      );
    } catch (error) {
      failure = NdpError.is(error)
        ? error
        : new NdpError('INTERNAL', `loading plugin "${entry.id}" failed: ${String(error)}`, { cause: error });
    }
    if (entry.generation !== generation || this.plugins.get(entry.id) !== entry) {
      await version?.pool.close(); // superseded by a newer load, a disable or a removal
      return;
    }
    entry.folder = candidate.folder;
    entry.manifest = manifest;
    if (failure || !version) {
      await version?.pool.close();
      this.log.error('plugin failed', {
        plugin: entry.id,
        folder: candidate.folder,
        error: failure?.message,
      });
      entry.setState('failed', Date.now(), {
        code: failure?.code ?? 'INTERNAL',
        message: failure?.message ?? 'unknown',
      });
      await this.retire(entry);
      return;
    }
    const old = entry.current;
    entry.current = version;
    entry.readyAt = Date.now();
    entry.setState('ready', entry.readyAt);
    this.registry.register(entry.id, manifest.capabilities);
    this.log.info('plugin ready', { plugin: entry.id, version: manifest.version, folder: candidate.folder });
    if (old) void old.pool.drain();
  }

  // Unregisters, cancels schedules, closes sockets, forgets OnInit and drains the serving version.
  private async retire(entry: PluginEntry): Promise<void> {
    this.registry.unregister(entry.id);
    this.lifecycle.forget(entry.id);
    const old = entry.current;
    entry.current = undefined;
    const cleanups = [
      this.options.scheduler.cancelAll(entry.id),
      this.options.websocket.closeAll(entry.id),
    ].map((p) =>
      p.catch((error: unknown) =>
        this.log.warn('plugin clean-up failed', { plugin: entry.id, error: String(error) }),
      ),
    );
    await Promise.all(cleanups);
    if (old) void old.pool.drain();
  }

  private fileProblem(folder: string, failure: PluginFailure, id?: string): void {
    this.log.warn('plugin folder skipped', { folder, error: failure.message });
    this.problems.set(folder, problemStatus(folder, failure, Date.now(), id));
  }

  private require(id: string): PluginEntry {
    const entry = this.plugins.get(id);
    if (!entry)
      throw new NdpError('PLUGIN_NOT_FOUND', `no plugin "${id}" is loaded`, { details: { pluginId: id } });
    return entry;
  }

  private track(load: Promise<void>): Promise<void> {
    const tracked = load.catch((error: unknown) =>
      this.log.error('plugin load crashed', { error: String(error) }),
    );
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
    return tracked;
  }
}
