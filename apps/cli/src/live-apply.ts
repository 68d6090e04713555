import { NdpError } from '@ndp/domain';
import type { CliContext } from './cli-context.js';
import type { CliIo } from './cli-io.js';
import type { RefreshOutcome } from './host-admin-client.js';

/** How {@link applyLive} treats what the host did. */
export interface ApplyOptions {
  /** The change removed the plugin: the host dropping it is the success. */
  readonly expectGone?: boolean;
  /** A plugin the host cannot load yet is reported, not an error (a dev link to a folder not built yet). */
  readonly tolerateUnusable?: boolean;
}

/**
 * After the folder changed, asks the running host to refresh `id` so the change serves at once (docs/contract.md §7), and
 * says what happened. With no host running, the folder change stands and the message says when it applies.
 * Throws `PLUGIN_FAILED` when the host read the new files but the plugin failed or cannot be loaded (the host's
 * reason included).
 */
export async function applyLive(
  ctx: CliContext,
  io: CliIo,
  id: string,
  options: ApplyOptions = {},
): Promise<void> {
  const outcome = await ctx.host.refresh(id);
  report(ctx, io, id, outcome, options);
}

/** Says what the host did with `id`; throws for a failure. */
export function report(
  ctx: CliContext,
  io: CliIo,
  id: string,
  outcome: RefreshOutcome,
  options: ApplyOptions = {},
): void {
  const host = ctx.host.describe();
  switch (outcome.kind) {
    case 'no-host':
      io.out(
        outcome.url
          ? `no host running at ${outcome.url}: the change applies at its next start`
          : 'no host URL known (Port = 0 in the config; pass --url to reach a running host): the change applies at its next start',
      );
      return;
    case 'removed':
      io.out(`${host} dropped "${id}"`);
      return;
    case 'not-found':
      if (options.expectGone) {
        io.out(`${host} does not list "${id}" any more`);
        return;
      }
      throw new NdpError('PLUGIN_NOT_FOUND', `${host}: ${outcome.message}`, { details: { pluginId: id } });
    case 'unusable': {
      const reason = outcome.plugin.error?.message ?? 'no reason given';
      if (options.tolerateUnusable) {
        io.out(`${host} sees "${id}" but cannot load it yet: ${reason}`);
        return;
      }
      throw new NdpError('PLUGIN_FAILED', `${host} cannot load "${id}": ${reason}`, {
        details: { pluginId: id },
      });
    }
    case 'loaded': {
      const p = outcome.plugin;
      if (p.state === 'failed') {
        throw new NdpError(
          'PLUGIN_FAILED',
          `${host} loaded "${id}" but it failed: ${p.error?.message ?? 'no reason given'}`,
          { details: { pluginId: id } },
        );
      }
      if (options.expectGone) io.out(`${host} still lists "${id}" (${p.state})`);
      else if (p.state === 'disabled')
        io.out(`${host} keeps "${id}" v${p.version ?? '?'} disabled${p.error ? `: ${p.error.message}` : ''}`);
      else io.out(`${host} now serves "${id}" v${p.version ?? '?'} (${p.state})`);
    }
  }
}
