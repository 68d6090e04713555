import { NdpError } from '@ndp/domain';
import type { PluginConfigSource } from '@ndp/ports';
import { LifecycleClient } from '../dispatch/lifecycle-client.js';
import type { PluginInvoker } from '../dispatch/capability-types.js';

/** The part of a plugin version the lifecycle looks at. */
export interface LifecycleSubject {
  readonly id: string;
  readonly manifest: { readonly version: string; readonly capabilities: readonly string[] };
}

/**
 * Runs `OnInit` (docs/contract.md §6): once per plugin id and version on this node, after compilation and before the plugin
 * serves other calls, with the live `PluginConfig.<id>` as `config`. A refresh calls {@link forget} first so that
 * it runs again. Plugins that do not declare LifecycleManagement are initialized trivially.
 */
export class Lifecycle {
  // id → the manifest version initialized; keyed by id so that two ids never share state.
  private readonly initialized = new Map<string, string>();

  constructor(private readonly configSource: PluginConfigSource) {}

  /**
   * Runs OnInit on `subject` through `invoker` (pinned to that version) unless already done for this id and
   * version. Resolves with `undefined` on success, or the error that makes the plugin `failed`.
   */
  async initialize(subject: LifecycleSubject, invoker: PluginInvoker): Promise<NdpError | undefined> {
    if (!subject.manifest.capabilities.includes('LifecycleManagement')) return undefined;
    if (this.initialized.get(subject.id) === subject.manifest.version) return undefined;
    try {
      await new LifecycleClient(invoker, subject.id).onInit({
        config: { ...this.configSource.get(subject.id) },
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return new NdpError(
        NdpError.is(error) ? error.code : 'INTERNAL',
        `OnInit of plugin "${subject.id}" failed: ${reason}`,
        {
          cause: error,
          details: { pluginId: subject.id, method: 'OnInit' },
        },
      );
    }
    this.initialized.set(subject.id, subject.manifest.version);
    return undefined;
  }

  /** Makes the next {@link initialize} of `id` run OnInit again (refresh, disable, removal, failure). */
  forget(id: string): void {
    this.initialized.delete(id);
  }
}
