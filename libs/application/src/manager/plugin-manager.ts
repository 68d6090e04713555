import { DEFAULT_MANIFEST_LIMITS, NdpError, type CapabilityName, type ManifestLimits } from '@ndp/domain';
import type { Logger, PluginStateRecord } from '@ndp/ports';
import { encodeMessage } from '../codec/proto-codec.js';
import type {
  CallOptions,
  CapabilityMethodName,
  MethodRequest,
  MethodResponse,
  PluginInvoker,
} from '../dispatch/capability-types.js';
import { Lifecycle } from '../lifecycle/lifecycle.js';
import { CallDeadline } from './call-deadline.js';
import { CallMetrics } from './call-metrics.js';
import { createPluginLoader } from './create-plugin-loader.js';
import { CapabilityRegistry } from './capability-registry.js';
import { methodDescriptor, runGuestCall, type GuestAnswer } from './guest-call.js';
import { discoverPlugins } from './discover-plugins.js';
import type { PluginCandidate } from './plugin-candidate.js';
import { readSettingsSchema, settingsError } from './plugin-settings.js';
import { PluginEntry } from './plugin-entry.js';
import type { PluginLoader } from './plugin-loader.js';
import { DEFAULT_LIMITS, type PluginManagerOptions, type PluginOverrides } from './plugin-manager-options.js';
import {
  problemStatus,
  type PluginFailure,
  type PluginStatus,
  type RefreshOutcome,
} from './plugin-status.js';
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
 * With a state store, enable/disable decisions survive restarts, and with `requireApproval` a package (by the
 * SHA-256 of its manifest and module) that no operator enabled starts disabled. Every scan (start, refresh,
 * rescan) reports unusable folders (invalid manifest, missing module, duplicate names) the same way.
 * Does not guarantee: that `start` has loaded anything when it resolves (loading runs in the background; await
 * {@link settled}).
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
  private readonly manifestLimits: ManifestLimits;
  private unsubscribeConfig: (() => void) | undefined;
  private records: Record<string, PluginStateRecord> = {};
  /** Ids an operator just enabled: their next package is approved. */
  private readonly approving = new Set<string>();
  private overrides: Readonly<Record<string, PluginOverrides>>;

  constructor(private readonly options: PluginManagerOptions) {
    this.overrides = options.overrides ?? {};
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.callTimeoutMs = limits.callTimeoutMs;
    this.manifestLimits = {
      maxBytes: limits.manifestMaxBytes ?? DEFAULT_MANIFEST_LIMITS.maxBytes,
      maxDepth: limits.manifestMaxDepth ?? DEFAULT_MANIFEST_LIMITS.maxDepth,
    };
    this.log = options.logger.child({ component: 'plugin-manager' });
    this.metrics = new CallMetrics(options.metrics);
    this.lifecycle = new Lifecycle(options.configSource);
    this.loader = createPluginLoader(
      options,
      this.metrics,
      (v) => this.plugins.get(v.id)?.current === v,
      (id) => this.overrides[id],
    );
  }

  /** Scans the plugins folder and starts loading every plugin in the background; resolves once all are known. */
  async start(): Promise<void> {
    this.unsubscribeConfig ??= this.options.configSource.onChange((id) => {
      // A new map re-runs OnInit: of a serving plugin, and of one whose OnInit failed (often on its config).
      const state = this.plugins.get(id)?.state;
      // Tracked, so that `settled()` also waits for these reloads (a configuration reload reports their outcome).
      if (state === 'ready' || state === 'failed') void this.track(this.refresh(id).then(() => undefined));
    });
    if (this.options.state) this.records = { ...(await this.options.state.load()) };
    for (const candidate of (await this.scan()).values()) this.admit(candidate);
  }

  /**
   * Brings the manager in step with the plugins folder (what an automatic reload does): loads new plugins, reloads
   * those whose package changed, drops those whose folder is gone, and re-reports unusable folders.
   */
  async rescan(): Promise<void> {
    const found = await this.scan();
    const work: Promise<unknown>[] = [];
    for (const [id, candidate] of found) {
      const entry = this.plugins.get(id);
      if (!entry) this.admit(candidate);
      else if (entry.packageHash !== candidate.hash) work.push(this.refresh(id));
    }
    for (const id of [...this.plugins.keys()]) if (!found.has(id)) work.push(this.remove(id));
    await Promise.all(work);
  }

  /** Replaces the per-plugin overrides (a configuration reload); plugins loaded from now on use them. */
  setOverrides(overrides: Readonly<Record<string, PluginOverrides>>): void {
    this.overrides = overrides;
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

  /**
   * Re-scans the plugins folder, then re-reads the plugin's folder (or finds the folder that now holds this id),
   * re-runs every check, compile and OnInit, and swaps the new version in. Resolves with what happened:
   * `loaded` (the new status: ready, failed with the reason, or disabled, which a disabled plugin stays),
   * `unusable` (a folder named `id`, or claiming the name, cannot be loaded: its status says why), `removed` (the
   * plugin's folder is gone: it is dropped). Rejects with `PLUGIN_NOT_FOUND` when neither a plugin nor a folder
   * has this id.
   */
  async refresh(id: string): Promise<RefreshOutcome> {
    const found = await this.scan();
    const candidate = found.get(id);
    const existing = this.plugins.get(id);
    if (!candidate) {
      if (existing) await this.remove(id);
      const problem = [...this.problems.values()].find((p) => p.id === id || p.folder === id);
      if (problem) return { kind: 'unusable', status: problem };
      if (existing) return { kind: 'removed', id };
      throw new NdpError('PLUGIN_NOT_FOUND', `no plugin "${id}" is loaded and no folder holds it`, {
        details: { pluginId: id },
      });
    }
    if (existing?.state === 'disabled') {
      existing.folder = candidate.folder;
      existing.manifest = candidate.parsed.manifest;
      const settings = readSettingsSchema(candidate.files);
      existing.settings = settings.ok ? settings.schema : undefined;
      if (!this.approving.has(id)) {
        if (this.records[id]?.enabled !== false && this.held(candidate)) this.hold(existing, candidate);
        else existing.packageHash = candidate.hash;
        return { kind: 'loaded', status: existing.status() };
      }
    }
    if (!existing) {
      this.admit(candidate);
      await this.settled();
      return { kind: 'loaded', status: this.status(id)! };
    }
    if (this.held(candidate)) {
      if (existing.state !== 'disabled') {
        existing.generation++;
        existing.setState('disabled', Date.now());
        await this.retire(existing);
      }
      existing.folder = candidate.folder;
      existing.manifest = candidate.parsed.manifest;
      this.hold(existing, candidate);
      return { kind: 'loaded', status: existing.status() };
    }
    this.lifecycle.forget(id);
    await this.track(this.startLoad(candidate));
    return { kind: 'loaded', status: this.status(id)! };
  }

  /** Stops serving the plugin: unregisters it, cancels its schedules, closes its sockets, drains its pool. */
  async disable(id: string): Promise<PluginStatus> {
    const entry = this.require(id);
    if (entry.state !== 'disabled') {
      entry.generation++;
      entry.setState('disabled', Date.now());
      await this.retire(entry);
    }
    await this.record(id, { ...this.records[id], enabled: false });
    return entry.status();
  }

  /**
   * Loads a disabled plugin again from its folder (approving its package, with `requireApproval`); other states are
   * left as they are. Resolves with what the refresh did.
   */
  async enable(id: string): Promise<RefreshOutcome> {
    const entry = this.require(id);
    if (entry.state !== 'disabled') return { kind: 'loaded', status: entry.status() };
    this.approving.add(id);
    try {
      return await this.refresh(id);
    } finally {
      this.approving.delete(id);
    }
  }

  /** Forgets a plugin whose folder is gone, with the same clean-up as {@link disable}, and its saved state. */
  async remove(id: string): Promise<void> {
    const entry = this.plugins.get(id);
    if (!entry) return;
    entry.generation++;
    this.plugins.delete(id);
    entry.abandon();
    await this.retire(entry);
    if (this.records[id]) {
      delete this.records[id];
      await this.persist();
    }
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
    // The one deadline of this call: set now, it covers the wait for a loading plugin, for an instance and the run.
    const deadline = CallDeadline.start(
      options?.timeoutMs ?? this.overrides[pluginId]?.callTimeoutMs ?? this.callTimeoutMs,
    );
    const version = await servingVersion((id) => this.plugins.get(id), pluginId, deadline);
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
    if (this.records[id]?.enabled === false || this.held(candidate)) {
      const entry = new PluginEntry(id, candidate.folder, candidate.parsed.manifest, Date.now());
      entry.packageHash = candidate.hash;
      entry.setState('disabled', Date.now());
      if (this.records[id]?.enabled !== false) this.hold(entry, candidate);
      this.plugins.set(id, entry);
      this.problems.delete(candidate.folder);
      return;
    }
    void this.track(this.startLoad(candidate));
  }

  /** True when `requireApproval` holds this package back: no operator approved this exact package. */
  private held(candidate: PluginCandidate): boolean {
    const id = candidate.parsed.manifest.name;
    if (!this.options.requireApproval || this.approving.has(id)) return false;
    return this.records[id]?.approvedHash !== candidate.hash;
  }

  private hold(entry: PluginEntry, candidate: PluginCandidate): void {
    entry.packageHash = candidate.hash;
    entry.setState('disabled', Date.now(), {
      code: 'PLUGIN_DISABLED',
      message:
        `plugin "${entry.id}" is a new or changed package (SHA-256 ${candidate.hash.slice(0, 12)}…) and ` +
        `Plugins.RequireApproval is on: review it, then enable it (ndp enable ${entry.id})`,
    });
    this.log.warn('plugin awaits approval', { plugin: entry.id, hash: candidate.hash });
  }

  /**
   * Reads every folder: answers the first usable candidate of each plugin id (a loaded plugin keeps its folder)
   * and replaces the unusable-folder statuses with what this scan found (duplicates included).
   */
  private async scan(): Promise<ReadonlyMap<string, PluginCandidate>> {
    const { found, problems } = await discoverPlugins(
      this.options.store,
      (id) => this.plugins.get(id)?.folder,
      this.manifestLimits,
    );
    const next = new Map<string, PluginStatus>();
    for (const { folder, failure, id } of problems) {
      const known = this.problems.get(folder);
      const same = known !== undefined && known.failure?.message === failure.message;
      if (!same) this.log.warn('plugin folder skipped', { folder, error: failure.message });
      next.set(folder, same ? known : problemStatus(folder, failure, Date.now(), id));
    }
    this.problems.clear();
    for (const [folder, status] of next) this.problems.set(folder, status);
    return found;
  }

  private async record(id: string, record: PluginStateRecord): Promise<void> {
    const before = this.records[id];
    if (before?.enabled === record.enabled && before.approvedHash === record.approvedHash) return;
    this.records[id] = record;
    await this.persist();
  }

  private async persist(): Promise<void> {
    try {
      await this.options.state?.save({ ...this.records });
    } catch (error) {
      this.log.error('plugin state not saved', { error: String(error) });
      throw error;
    }
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
    entry.packageHash = candidate.hash;
    if (this.approving.has(id) || !this.options.requireApproval) {
      // An enable approves this package; without RequireApproval every package loaded counts as approved, so
      // switching approval on later holds back only what changes after.
      void this.record(id, { enabled: true, approvedHash: candidate.hash }).catch(() => undefined);
    }
    const generation = ++entry.generation;
    return this.load(entry, candidate, generation);
  }

  private async load(entry: PluginEntry, candidate: PluginCandidate, generation: number): Promise<void> {
    const { manifest } = candidate.parsed;
    let version: PluginVersion | undefined;
    let failure: NdpError | undefined;
    try {
      const settings = readSettingsSchema(candidate.files);
      if (!settings.ok) throw settings.error;
      entry.settings = settings.schema;
      const invalid = settingsError(entry.id, settings.schema, this.options.configSource.get(entry.id));
      if (invalid) throw invalid;
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
