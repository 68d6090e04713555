import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { packFolder } from '@ndp/packages';
import { NdpError } from '@ndp/domain';

const USAGE = 'usage: ndp-pack [folder] [-o <file.ndp>]';

/**
 * `ndp-pack [folder] [-o file.ndp]`: the package of a built plugin folder (validated as an install validates it),
 * by default `<name>-<version>.ndp` in the current folder. Resolves with the exit code: 0, 1 failure, 2 usage.
 */
export async function runPack(args: readonly string[], cwd: string): Promise<number> {
  let folder: string | undefined;
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-o' || a === '--output') {
      out = args[++i];
      if (out === undefined) return usage(`${a} needs a file name`);
    } else if (a.startsWith('-')) {
      return usage(`unknown option ${a}`);
    } else if (folder === undefined) {
      folder = a;
    } else {
      return usage(`unexpected argument ${a}`);
    }
  }
  const root = resolve(cwd, folder ?? '.');
  try {
    if (out === undefined) {
      const manifest = JSON.parse(await readFile(join(root, 'manifest.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      out = `${String(manifest['name'])}-${String(manifest['version'])}.ndp`;
    }
    const info = await packFolder(root, resolve(cwd, out));
    process.stdout.write(`Packed '${info.manifest.name}' v${info.manifest.version} into ${info.file}\n`);
    return 0;
  } catch (error) {
    const message = NdpError.is(error) || error instanceof Error ? error.message : String(error);
    process.stderr.write(`ndp-pack: ${message}\n`);
    return 1;
  }
}

function usage(problem: string): number {
  process.stderr.write(`ndp-pack: ${problem}\n${USAGE}\n`);
  return 2;
}
