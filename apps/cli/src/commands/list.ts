import { listInstalled } from '@ndp/adapters-local';
import type { CliContext } from '../cli-context.js';
import type { CliIo } from '../cli-io.js';
import { table } from '../table.js';

/** One row of `ndp list`. */
interface Row {
  id: string;
  version: string;
  state: string;
  capabilities: readonly string[];
  folder: string;
  error: string | null;
}

/**
 * `ndp list [--json]`: from the running host when one answers (its live states: ready, failed, disabled), else
 * from the plugins folder (installed, dev, invalid); the first line (or the JSON `source`) says which.
 */
export async function listCommand(ctx: CliContext, io: CliIo, options: { json?: boolean }): Promise<void> {
  const fromHost = await ctx.host.list();
  let rows: Row[];
  let heading: string;
  if (fromHost) {
    heading = `plugins of the running host at ${ctx.host.url}:`;
    rows = fromHost.map((p) => ({
      id: p.id ?? '-',
      version: p.version ?? '-',
      state: p.state,
      capabilities: p.capabilities,
      folder: p.folder,
      error: p.error?.message ?? null,
    }));
  } else {
    heading = `plugins in ${ctx.pluginsFolder} (${ctx.host.url ? `no host running at ${ctx.host.url}` : 'host URL unknown'}):`;
    rows = (await listInstalled(ctx.pluginsFolder)).map((p) => ({
      id: p.name ?? '-',
      version: p.manifest?.version ?? '-',
      state: p.problem ? 'invalid' : p.isSymlink ? 'dev' : 'installed',
      capabilities: p.manifest?.capabilities ?? [],
      folder: p.folder,
      error: p.problem ?? null,
    }));
  }
  if (options.json) {
    io.out(
      JSON.stringify(
        {
          source: fromHost ? 'host' : 'folder',
          url: ctx.host.url ?? null,
          folder: ctx.pluginsFolder,
          plugins: rows,
        },
        null,
        2,
      ),
    );
    return;
  }
  io.out(heading);
  if (rows.length === 0) {
    io.out('  (none)');
    return;
  }
  io.out(
    table(
      ['ID', 'VERSION', 'STATE', 'CAPABILITIES', 'FOLDER'],
      rows.map((r) => [r.id, r.version, r.state, r.capabilities.join(', ') || '-', r.folder]),
    ),
  );
  for (const r of rows) if (r.error) io.out(`  ${r.id === '-' ? r.folder : r.id}: ${r.error}`);
}
