import { FsPluginStore } from '@ndp/adapters-local';
import { listInstalled } from '@ndp/packages';
import { discoverPlugins } from '@ndp/application';
import type { CliContext } from '../cli-context.js';
import type { CliIo } from '../cli-io.js';
import { table } from '../table.js';

/** One row of `ndp list`. */
interface Row {
  id: string;
  version: string;
  author: string;
  state: string;
  capabilities: readonly string[];
  folder: string;
  error: string | null;
}

/**
 * `ndp list [--json]`: from the running host when one answers (its live states: ready, failed, disabled), else
 * from the plugins folder through the host's own discovery (installed, dev, invalid: the same problems with the
 * same messages the host reports); the first line (or the JSON `source`) says which.
 */
export async function listCommand(ctx: CliContext, io: CliIo, options: { json?: boolean }): Promise<void> {
  const fromHost = await ctx.host.list();
  let rows: Row[];
  let heading: string;
  if (fromHost) {
    heading = `plugins of ${ctx.host.describe()}:`;
    rows = fromHost.map((p) => ({
      id: p.id ?? '-',
      version: p.version ?? '-',
      author: p.author ?? '-',
      state: p.state,
      capabilities: p.capabilities,
      folder: p.folder,
      error: p.error?.message ?? null,
    }));
  } else {
    heading = `plugins in ${ctx.pluginsFolder} (${ctx.host.url ? `no host running at ${ctx.host.url}` : 'host URL unknown'}):`;
    rows = await offlineRows(ctx.pluginsFolder);
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
      ['ID', 'VERSION', 'AUTHOR', 'STATE', 'CAPABILITIES', 'FOLDER'],
      rows.map((r) => [r.id, r.version, r.author, r.state, r.capabilities.join(', ') || '-', r.folder]),
    ),
  );
  for (const r of rows) if (r.error) io.out(`  ${r.id === '-' ? r.folder : r.id}: ${r.error}`);
}

async function offlineRows(pluginsFolder: string): Promise<Row[]> {
  const installed = new Map((await listInstalled(pluginsFolder)).map((p) => [p.folder, p]));
  if (installed.size === 0) return [];
  // The store creates a missing folder; listing an empty one is harmless, and a missing one was handled above.
  const { found, problems } = await discoverPlugins(new FsPluginStore({ pluginsFolder }));
  const rows: Row[] = [];
  for (const [id, c] of found) {
    const m = c.parsed.manifest;
    rows.push({
      id,
      version: m.version,
      author: m.author ?? '-',
      state: installed.get(c.folder)?.isSymlink ? 'dev' : 'installed',
      capabilities: m.capabilities,
      folder: c.folder,
      error: null,
    });
  }
  for (const p of problems) {
    const seen = installed.get(p.folder);
    rows.push({
      id: p.id ?? seen?.name ?? '-',
      version: seen?.manifest?.version ?? '-',
      author: seen?.manifest?.author ?? '-',
      state: 'invalid',
      capabilities: seen?.manifest?.capabilities ?? [],
      folder: p.folder,
      error: p.failure.message,
    });
  }
  return rows.sort((a, b) => a.folder.localeCompare(b.folder));
}
