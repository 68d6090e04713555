import { NdpError } from '@ndp/domain';
import type { CliContext } from './cli-context.js';
import type { CliIo } from './cli-io.js';

/**
 * After the folder changed, asks the running host to refresh `id` so the change serves at once (docs/contract.md §7), and
 * says what happened. With no host running, the folder change stands and the message says when it applies.
 * Throws `PLUGIN_FAILED` when the host loaded the new files but the plugin failed (its message included).
 */
export async function applyLive(ctx: CliContext, io: CliIo, id: string, expectGone = false): Promise<void> {
  const outcome = await ctx.host.refresh(id);
  if (outcome.kind === 'no-host') {
    io.out(
      outcome.url
        ? `no host running at ${outcome.url}: the change applies at its next start`
        : 'no host URL known (Port = 0 in the config; pass --url to reach a running host): the change applies at its next start',
    );
    return;
  }
  if (outcome.kind === 'removed') {
    io.out(`the host at ${outcome.url} no longer serves "${id}"`);
    return;
  }
  const p = outcome.plugin;
  if (p.state === 'failed') {
    throw new NdpError(
      'PLUGIN_FAILED',
      `the host at ${outcome.url} loaded "${id}" but it failed: ${p.error?.message ?? 'no reason given'}`,
      { details: { pluginId: id } },
    );
  }
  if (expectGone) io.out(`the host at ${outcome.url} still lists "${id}" (${p.state})`);
  else io.out(`the host at ${outcome.url} now serves "${id}" v${p.version ?? '?'} (${p.state})`);
}
