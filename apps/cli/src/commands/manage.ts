import { linkDevFolder, removePlugin } from '@ndp/packages';
import { NdpError } from '@ndp/domain';
import type { CliContext } from '../cli-context.js';
import type { CliIo } from '../cli-io.js';
import { applyLive, report } from '../live-apply.js';

/** `ndp remove <id>`: remove the folder (or only the dev link), then the host drops the plugin. */
export async function removeCommand(ctx: CliContext, io: CliIo, id: string): Promise<void> {
  await ctx.host.ensureOwnHost();
  const outcome = await removePlugin(ctx.pluginsFolder, id);
  io.out(
    outcome.kind === 'link'
      ? `Development plugin link '${id}' removed (its folder ${outcome.linkTarget ?? ''} is kept)`
      : `Plugin '${id}' removed from ${outcome.path}`,
  );
  await applyLive(ctx, io, id, { expectGone: true });
}

/** `ndp refresh <id>`: the running host re-reads the plugin's folder (new module, manifest, OnInit). */
export async function refreshCommand(ctx: CliContext, io: CliIo, id: string): Promise<void> {
  requireUrl(ctx);
  const outcome = await ctx.host.refresh(id);
  if (outcome.kind === 'no-host') throw noHost(outcome.url, 'nothing to refresh');
  if (outcome.kind === 'removed') {
    io.out(`Plugin '${id}' has no folder any more: ${ctx.host.describe()} dropped it`);
    return;
  }
  if (outcome.kind === 'loaded' && outcome.plugin.state !== 'failed') {
    io.out(
      `Plugin '${id}' refreshed: v${outcome.plugin.version ?? '?'} ${outcome.plugin.state} on ${ctx.host.describe()}`,
    );
    return;
  }
  report(ctx, io, id, outcome);
}

/** `ndp enable|disable <id>`: the running host starts or stops serving the plugin; the choice survives restarts. */
export async function toggleCommand(
  ctx: CliContext,
  io: CliIo,
  id: string,
  action: 'enable' | 'disable',
): Promise<void> {
  requireUrl(ctx);
  const outcome = await ctx.host.act(id, action);
  if (outcome.kind === 'no-host')
    throw noHost(outcome.url, `the host applies the choice; start it, then ${action} "${id}"`);
  if (outcome.kind === 'loaded' && action === 'disable') {
    io.out(`Plugin '${id}' disabled on ${ctx.host.describe()} (it stays disabled across restarts)`);
    return;
  }
  report(ctx, io, id, outcome);
}

/** `ndp reload`: the running host re-reads its configuration (PluginConfig, Agents, overrides). */
export async function reloadCommand(ctx: CliContext, io: CliIo): Promise<void> {
  requireUrl(ctx);
  const view = await ctx.host.reload();
  if (!view) throw noHost(ctx.host.url, 'the configuration is read when it starts');
  io.out(`${ctx.host.describe()} reloaded ${view.file ?? 'its configuration'}`);
  if (view.reinitialized.length > 0) io.out(`  OnInit ran again for: ${view.reinitialized.join(', ')}`);
  if (view.agents) io.out(`  Agents: ${view.agents.join(', ') || '(none)'}`);
  if (view.restartRequired.length > 0)
    io.out(`  changed but only applied at the next start: ${view.restartRequired.join(', ')}`);
  for (const w of view.warnings) io.err(`warning: ${w}`);
}

/** `ndp dev <folder>`: link a development folder into the plugins folder, then refresh the host. */
export async function devCommand(ctx: CliContext, io: CliIo, folder: string): Promise<void> {
  await ctx.host.ensureOwnHost();
  const outcome = await linkDevFolder(ctx.pluginsFolder, folder);
  io.out(
    outcome.alreadyLinked
      ? `${outcome.link} already links to ${outcome.target}`
      : `Linked ${outcome.link} -> ${outcome.target}`,
  );
  if (outcome.wasmMissing)
    io.err(
      `warning: ${outcome.target} has no plugin.wasm yet: build it, then run "ndp refresh ${outcome.id}"`,
    );
  io.out(`After each rebuild run: ndp refresh ${outcome.id}`);
  await applyLive(ctx, io, outcome.id, { tolerateUnusable: outcome.wasmMissing });
}

function requireUrl(ctx: CliContext): void {
  if (!ctx.host.url) {
    throw new NdpError(
      'CONFIG_INVALID',
      `cannot reach the host: ${ctx.configFile ?? 'the config'} sets Port = 0 and no host of it is running; pass --url <host url>`,
    );
  }
}

function noHost(url: string | undefined, what: string): NdpError {
  return new NdpError('INTERNAL', `no host running at ${url ?? '?'}: ${what}`);
}
