import { Command, CommanderError } from 'commander';
import { NdpError } from '@ndp/domain';
import { cliContext, type CliContext, type GlobalOptions } from './cli-context.js';
import type { CliIo } from './cli-io.js';
import { infoCommand } from './commands/info.js';
import { installCommand, updateCommand } from './commands/install.js';
import { listCommand } from './commands/list.js';
import {
  devCommand,
  refreshCommand,
  reloadCommand,
  removeCommand,
  toggleCommand,
} from './commands/manage.js';
import { NewUsageError, newCommand } from './commands/new.js';
import { packCommand } from './commands/pack.js';

/** Exit codes of `ndp` (docs/contract.md §7). */
export const EXIT = Object.freeze({ ok: 0, failure: 1, usage: 2 });

/** What {@link runCli} runs in: the process's environment and working folder, and where to write. */
export interface CliEnvironment {
  readonly io: CliIo;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/**
 * Runs `ndp` with `args` (the words after `ndp`) and resolves with the exit code: 0 ok, 1 failure (the message
 * names the file, entry, key or plugin and what to do), 2 usage (unknown command or option, missing argument).
 * Never calls `process.exit` and never throws for user errors.
 */
export async function runCli(args: readonly string[], environment: CliEnvironment): Promise<number> {
  const { io, env, cwd } = environment;
  const program = new Command('ndp')
    .description(
      'Manage the plugins of an ndp host: list, inspect, install, update, remove, refresh, enable, disable, reload, develop, pack.',
    )
    .option(
      '--config <file>',
      'the host configuration (ndp.toml); default NDP_CONFIG, else ./ndp.toml if present',
    )
    .option('--folder <dir>', 'the plugins folder; default Plugins.Folder of the configuration')
    .option('--url <url>', 'the running host; default http://<Address>:<Port> of the configuration')
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  const ctx = (): CliContext => cliContext(program.opts<GlobalOptions>(), env, cwd);

  program
    .command('list')
    .description('list plugins: from the running host when one answers, else from the plugins folder')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) => listCommand(ctx(), io, o));
  program
    .command('info')
    .argument('<id|file.ndp>', 'an installed plugin id, or a package file')
    .description('show a plugin or package: manifest, permissions with reasons, SHA-256 of a package')
    .option('--json', 'print JSON')
    .action((target: string, o: { json?: boolean }) => infoCommand(ctx(), io, target, o));
  program
    .command('install')
    .argument('<file.ndp>')
    .description('install a package into the plugins folder; a running host serves it at once')
    .action((file: string) => installCommand(ctx(), io, file));
  program
    .command('update')
    .argument('<file.ndp>')
    .description(
      'replace an installed plugin with a package (backup restored on failure); live on a running host',
    )
    .action((file: string) => updateCommand(ctx(), io, file));
  program
    .command('remove')
    .argument('<id>')
    .description('remove a plugin (a dev link: only the link); a running host drops it at once')
    .action((id: string) => removeCommand(ctx(), io, id));
  program
    .command('refresh')
    .argument('<id>')
    .description("make the running host reload a plugin's folder (new module, manifest, OnInit)")
    .action((id: string) => refreshCommand(ctx(), io, id));
  program
    .command('enable')
    .argument('<id>')
    .description(
      'make the running host serve a disabled plugin again (approves its package); kept across restarts',
    )
    .action((id: string) => toggleCommand(ctx(), io, id, 'enable'));
  program
    .command('disable')
    .argument('<id>')
    .description('make the running host stop serving a plugin; kept across restarts')
    .action((id: string) => toggleCommand(ctx(), io, id, 'disable'));
  program
    .command('reload')
    .description('make the running host re-read its configuration (PluginConfig, Agents, overrides)')
    .action(() => reloadCommand(ctx(), io));
  program
    .command('dev')
    .argument('<folder>')
    .description(
      'link a development folder into the plugins folder (then: ndp refresh <id> after each build)',
    )
    .action((folder: string) => devCommand(ctx(), io, folder));
  program
    .command('pack')
    .argument('<folder>')
    .option('-o, --output <file.ndp>', 'the package to write; default ./<name>-<version>.ndp')
    .description('build a .ndp package from a plugin folder (validated like an install)')
    .action((folder: string, o: { output?: string }) => packCommand(io, folder, o, cwd));
  program
    .command('new')
    .argument('<name>', 'the plugin id (lower-case letters, digits, ".", "_", "-")')
    .requiredOption('-c, --capability <capability...>', 'the capabilities it implements (one or more)')
    .option('--dir <folder>', 'the folder to create; default ./<name>')
    .description('scaffold an AssemblyScript plugin project: manifest, source, test, build/test/pack scripts')
    .action(async (name: string, o: { capability: string[]; dir?: string }, command: Command) => {
      try {
        await newCommand(io, name, o, cwd);
      } catch (e) {
        if (e instanceof NewUsageError)
          command.error(`ndp new: ${e.message}`, { exitCode: 2, code: 'ndp.usage' });
        throw e;
      }
    });

  if (args.length === 0) {
    io.err(program.helpInformation().trimEnd());
    return EXIT.usage;
  }
  try {
    await program.parseAsync([...args], { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? EXIT.ok : EXIT.usage;
    }
    if (NdpError.is(e)) {
      io.err(`ndp: ${e.message}`);
      return EXIT.failure;
    }
    io.err(`ndp: ${(e as Error).stack ?? String(e)}`);
    return EXIT.failure;
  }
}
