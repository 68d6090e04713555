import { linkDevFolder, removePlugin } from '@ndp/adapters-local';
import { NdpError } from '@ndp/domain';
import type { CliContext } from '../cli-context.js';
import type { CliIo } from '../cli-io.js';
import { applyLive } from '../live-apply.js';

/** `ndp remove <id>`: remove the folder (or only the dev link), then the host drops the plugin. */
export async function removeCommand(ctx: CliContext, io: CliIo, id: string): Promise<void> {
  const outcome = await removePlugin(ctx.pluginsFolder, id);
  io.out(
    outcome.kind === 'link'
      ? `Development plugin link '${id}' removed (its folder ${outcome.linkTarget ?? ''} is kept)`
      : `Plugin '${id}' removed from ${outcome.path}`,
  );
  await applyLive(ctx, io, id, true);
}

/** `ndp refresh <id>`: the running host re-reads the plugin's folder (new module, manifest, OnInit). */
export async function refreshCommand(ctx: CliContext, io: CliIo, id: string): Promise<void> {
  if (!ctx.host.url) {
    throw new NdpError(
      'CONFIG_INVALID',
      `cannot reach the host: ${ctx.configFile ?? 'the config'} sets Port = 0; pass --url <host url>`,
    );
  }
  const outcome = await ctx.host.refresh(id);
  if (outcome.kind === 'no-host') {
    throw new NdpError(
      'INTERNAL',
      `no host running at ${outcome.url ?? '?'}: start it, or there is nothing to refresh`,
    );
  }
  if (outcome.kind === 'removed') {
    io.out(`Plugin '${id}' has no folder any more: the host at ${outcome.url} dropped it`);
    return;
  }
  if (outcome.plugin.state === 'failed') {
    throw new NdpError(
      'PLUGIN_FAILED',
      `plugin "${id}" failed after the refresh: ${outcome.plugin.error?.message ?? '?'}`,
      {
        details: { pluginId: id },
      },
    );
  }
  io.out(
    `Plugin '${id}' refreshed: v${outcome.plugin.version ?? '?'} ${outcome.plugin.state} on ${outcome.url}`,
  );
}

/** `ndp dev <folder>`: link a development folder into the plugins folder, then refresh the host. */
export async function devCommand(ctx: CliContext, io: CliIo, folder: string): Promise<void> {
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
  await applyLive(ctx, io, outcome.id);
}
