import { lstat, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { findInstalled, packageInfo, summarizePermissions, type PermissionSummary } from '@ndp/packages';
import { NdpError, type Manifest } from '@ndp/domain';
import type { CliContext } from '../cli-context.js';
import type { CliIo } from '../cli-io.js';
import { requireNdpFile } from './ndp-file.js';

/** `ndp info <id|file.ndp> [--json]`: manifest, permissions with reasons; for a package its size and SHA-256. */
export async function infoCommand(
  ctx: CliContext,
  io: CliIo,
  target: string,
  options: { json?: boolean },
): Promise<void> {
  if (target.toLowerCase().endsWith('.ndp')) {
    const info = await packageInfo(requireNdpFile(target), ctx.packageLimits);
    if (options.json) {
      io.out(JSON.stringify({ source: 'package', ...info, modified: info.modified.toISOString() }, null, 2));
      return;
    }
    printManifest(io, info.manifest, info.permissions);
    io.out('');
    io.out('Package Information:');
    io.out(`  File: ${info.file}`);
    io.out(`  Size: ${info.sizeBytes} bytes (${(info.sizeBytes / 1024).toFixed(1)} KB)`);
    io.out(`  SHA-256: ${info.sha256}`);
    io.out(`  Modified: ${info.modified.toISOString()}`);
    io.out(`  Docs: ${info.docs.join(', ') || '-'}`);
    io.out('');
    io.out('Settings (config.schema.json):');
    if (info.settings.length === 0) io.out('  - (none: the plugin takes no settings, or lists none)');
    for (const f of info.settings) {
      const facts = [
        f.type,
        f.required ? 'required' : undefined,
        f.secret ? 'secret' : undefined,
        f.enum ? `one of ${f.enum.join(', ')}` : undefined,
        f.default !== undefined ? `default ${String(f.default)}` : undefined,
      ].filter(Boolean);
      io.out(`  ${f.key} (${facts.join(', ')})${f.description ? `: ${f.description}` : ''}`);
    }
    for (const w of info.warnings) io.err(`warning: ${w.path}: ${w.message}`);
    return;
  }
  const found = await findInstalled(ctx.pluginsFolder, target);
  if (!found) {
    throw new NdpError(
      'PLUGIN_NOT_FOUND',
      `no plugin "${target}" in ${ctx.pluginsFolder}: "ndp list" shows the installed ones`,
      {
        details: { pluginId: target },
      },
    );
  }
  if (!found.manifest) {
    throw new NdpError(
      'PLUGIN_FOLDER_INVALID',
      `plugin folder ${found.path} is not usable: ${found.problem ?? 'unknown problem'}`,
      {
        details: { path: found.path },
      },
    );
  }
  const modes = await fileModes(found.path);
  const hostView = (await ctx.host.list())?.find((p) => p.id === found.manifest!.name);
  if (options.json) {
    io.out(
      JSON.stringify(
        {
          source: 'folder',
          folder: found.path,
          linkTarget: found.linkTarget ?? null,
          manifest: found.manifest,
          permissions: summarizePermissions(found.manifest),
          fileModes: modes,
          hostState: hostView?.state ?? null,
        },
        null,
        2,
      ),
    );
    return;
  }
  printManifest(io, found.manifest, summarizePermissions(found.manifest));
  io.out('');
  io.out('Installation:');
  io.out(`  Folder: ${found.path}${found.linkTarget ? ` -> ${found.linkTarget} (dev)` : ''}`);
  for (const [name, mode] of Object.entries(modes)) io.out(`  ${name}: ${mode}`);
  if (hostView) io.out(`  Host state: ${hostView.state} (at ${ctx.host.url})`);
}

function printManifest(io: CliIo, m: Manifest, permissions: readonly PermissionSummary[]): void {
  io.out('Plugin Information:');
  io.out(`  Name: ${m.name}`);
  io.out(`  Author: ${m.author || '-'}`);
  io.out(`  Version: ${m.version || '-'}`);
  io.out(`  Description: ${m.description || '-'}`);
  if (m.website) io.out(`  Website: ${m.website}`);
  io.out(`  Capabilities: ${m.capabilities.join(', ')}`);
  io.out(`  API version: ${m.apiVersion}`);
  io.out('');
  io.out('Required Permissions:');
  if (permissions.length === 0) io.out('  (none)');
  for (const p of permissions) {
    io.out(`  ${p.name}:`);
    io.out(`    Reason: ${p.reason ?? '-'}`);
    for (const d of p.details) io.out(`    ${d}`);
  }
}

async function fileModes(folder: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const mode = async (path: string, follow: boolean) => {
    const s = await (follow ? stat(path) : lstat(path)).catch(() => undefined);
    return s ? `0${(s.mode & 0o777).toString(8)}` : 'missing';
  };
  out['folder mode'] = await mode(folder, true);
  out['manifest.json mode'] = await mode(join(folder, 'manifest.json'), true);
  out['plugin.wasm mode'] = await mode(join(folder, 'plugin.wasm'), true);
  return out;
}
