import { installPackage, readPackage, updatePackage } from '@ndp/packages';
import type { CliContext } from '../cli-context.js';
import type { CliIo } from '../cli-io.js';
import { applyLive } from '../live-apply.js';
import { requireNdpFile } from './ndp-file.js';

/** `ndp install <file.ndp>`: validate the package, install it as `<Folder>/<name>`, then refresh the host. */
export async function installCommand(ctx: CliContext, io: CliIo, file: string): Promise<void> {
  const pkg = await readPackage(requireNdpFile(file), ctx.packageLimits);
  for (const w of pkg.parsed.warnings) io.err(`warning: ${w.file}: ${w.path}: ${w.message}`);
  await ctx.host.ensureOwnHost();
  const outcome = await installPackage(pkg, ctx.pluginsFolder);
  io.out(`Plugin '${outcome.id}' v${outcome.version} installed in ${outcome.path}`);
  await applyLive(ctx, io, outcome.id);
  agentsHint(ctx, io, outcome.id, pkg.manifest.capabilities);
}

/** A MetadataAgent answers the API only when `Agents` lists it: say so, and how, right after installing one. */
function agentsHint(ctx: CliContext, io: CliIo, id: string, capabilities: readonly string[]): void {
  if (!capabilities.includes('MetadataAgent') || ctx.agents.includes(id)) return;
  const where = ctx.configFile ?? 'ndp.toml';
  const value = [...ctx.agents, id].join(',');
  io.out(
    `note: "${id}" is a MetadataAgent, but Agents in ${where} does not list it, so the API does not ask it: ` +
      `set Agents = "${value}" there, then run "ndp reload"`,
  );
}

/** `ndp update <file.ndp>`: validate, replace the installed plugin (backup restored on failure), refresh. */
export async function updateCommand(ctx: CliContext, io: CliIo, file: string): Promise<void> {
  const pkg = await readPackage(requireNdpFile(file), ctx.packageLimits);
  for (const w of pkg.parsed.warnings) io.err(`warning: ${w.file}: ${w.path}: ${w.message}`);
  await ctx.host.ensureOwnHost();
  const outcome = await updatePackage(pkg, ctx.pluginsFolder);
  io.out(`Plugin '${outcome.id}' updated from v${outcome.previousVersion ?? '?'} to v${outcome.version}`);
  await applyLive(ctx, io, outcome.id);
  agentsHint(ctx, io, outcome.id, pkg.manifest.capabilities);
}
