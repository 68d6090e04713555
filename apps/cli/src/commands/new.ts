import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { CAPABILITY_NAMES, PLUGIN_NAME_PATTERN, isCapabilityName, type CapabilityName } from '@ndp/domain';
import type { CliIo } from '../cli-io.js';
import { projectFiles, type ScaffoldVersions } from './scaffold/project-files.js';

/** A usage error of `ndp new`: the CLI prints it and exits 2. */
export class NewUsageError extends Error {}

/** Options of `ndp new`. */
export interface NewOptions {
  readonly capability?: readonly string[];
  /** The folder to create; default `./<name>`. */
  readonly dir?: string;
}

const NAME = new RegExp(PLUGIN_NAME_PATTERN);

/** Checks the name and capabilities; throws {@link NewUsageError} naming what is wrong and what is allowed. */
function checkNewArguments(name: string, capabilities: readonly string[] | undefined): CapabilityName[] {
  if (!NAME.test(name)) {
    throw new NewUsageError(
      `invalid plugin name "${name}": use 1 to 64 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  }
  if (!capabilities || capabilities.length === 0) {
    throw new NewUsageError(`--capability is required (one or more of ${CAPABILITY_NAMES.join(', ')})`);
  }
  const out: CapabilityName[] = [];
  for (const c of capabilities) {
    if (!isCapabilityName(c)) {
      throw new NewUsageError(`unknown capability "${c}": use one or more of ${CAPABILITY_NAMES.join(', ')}`);
    }
    if (!out.includes(c)) out.push(c);
  }
  // In the contract's order, so the same choice always makes the same project.
  return CAPABILITY_NAMES.filter((c) => out.includes(c));
}

/** The versions a new project depends on: this CLI's own release for the ndp packages. */
function scaffoldVersions(): ScaffoldVersions {
  // Two levels below the package in both src/commands and dist/commands.
  const own = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
    scaffold: { assemblyscript: string; vitest: string };
  };
  return { ndp: own.version, ...own.scaffold };
}

/**
 * `ndp new <name> --capability <Cap>...`: writes an AssemblyScript plugin project (manifest with no permissions,
 * source using the PDK, a test using the test kit, build/test/pack scripts) into `./<name>` or `--dir`, which must
 * not exist or be empty.
 */
export async function newCommand(io: CliIo, name: string, options: NewOptions, cwd: string): Promise<void> {
  const capabilities = checkNewArguments(name, options.capability);
  const folder = resolve(cwd, options.dir ?? name);
  if (existsSync(folder) && readdirSync(folder).length > 0) {
    throw new NewUsageError(`${folder} already exists and is not empty: choose another name or --dir`);
  }
  const files = projectFiles(name, capabilities, scaffoldVersions());
  for (const [path, text] of Object.entries(files)) {
    const file = join(folder, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text, { flag: 'wx' });
  }
  io.out(`Created plugin '${name}' (${capabilities.join(', ')}) in ${folder}`);
  io.out(`  Next: cd ${options.dir ?? name} && npm install && npm test && npm run pack`);
}
