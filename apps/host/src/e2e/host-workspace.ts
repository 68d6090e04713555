import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The engines every end-to-end test runs on (the same tests, parametrized). */
export const E2E_ENGINES = ['node', 'extism'] as const;

/** What an end-to-end test configures; everything else is the host's default. */
export interface HostSettings {
  /** `Plugins.Engine`; default `node`. */
  readonly engine?: (typeof E2E_ENGINES)[number];
  /** The ordered `Agents` setting. */
  readonly agents?: readonly string[];
  /** `Server.AdminToken`; absent = mutating admin routes refused. */
  readonly adminToken?: string;
  /** `Plugins.Executor` of the Node engine; default `inline`. */
  readonly executor?: 'inline' | 'worker';
  /** `Plugins.Workers`; default 1. */
  readonly workers?: number;
  /** `Plugins.CallTimeout`; default `10s`. */
  readonly callTimeout?: string;
  /** `[PluginConfig.<id>]` tables. */
  readonly pluginConfig?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * A temporary folder for one host process: `plugins/` (install plugins there before starting), `data/`, `cache/`
 * and `ndp.toml`. The config binds 127.0.0.1 on a free port (`Port = 0`) and keeps every path inside the folder,
 * so tests never touch the repository's `./data` or each other.
 */
export class HostWorkspace {
  readonly pluginsDir: string;
  readonly configFile: string;

  private constructor(readonly root: string) {
    this.pluginsDir = join(root, 'plugins');
    this.configFile = join(root, 'ndp.toml');
  }

  /** Creates the folder (and an empty `plugins/`, mode 0700) under the OS temp folder. */
  static async create(label: string): Promise<HostWorkspace> {
    const workspace = new HostWorkspace(await mkdtemp(join(tmpdir(), `ndp-e2e-${label}-`)));
    await mkdir(workspace.pluginsDir, { mode: 0o700 });
    return workspace;
  }

  /** Writes `ndp.toml` for `settings` and resolves with its text (handy in failure messages). */
  async writeConfig(settings: HostSettings = {}): Promise<string> {
    // JSON string syntax is valid TOML basic-string syntax for everything JSON.stringify emits.
    const q = (value: string) => JSON.stringify(value);
    const lines = [
      `DataFolder = ${q(join(this.root, 'data'))}`,
      'Address = "127.0.0.1"',
      'Port = 0',
      'LogLevel = "info"',
      ...(settings.agents ? [`Agents = ${q(settings.agents.join(','))}`] : []),
      '',
      '[Server]',
      ...(settings.adminToken ? [`AdminToken = ${q(settings.adminToken)}`] : []),
      '',
      '[Plugins]',
      'Enabled = true',
      `Folder = ${q(this.pluginsDir)}`,
      `CacheFolder = ${q(join(this.root, 'cache'))}`,
      `Engine = ${q(settings.engine ?? 'node')}`,
      `Workers = ${settings.workers ?? 1}`,
      `CallTimeout = ${q(settings.callTimeout ?? '10s')}`,
      ...(settings.executor ? [`Executor = ${q(settings.executor)}`] : []),
    ];
    for (const [id, table] of Object.entries(settings.pluginConfig ?? {})) {
      lines.push('', `[PluginConfig.${q(id)}]`);
      for (const [key, value] of Object.entries(table)) lines.push(`${q(key)} = ${q(value)}`);
    }
    const text = `${lines.join('\n')}\n`;
    await writeFile(this.configFile, text, { mode: 0o600 });
    return text;
  }

  /** Removes the whole folder. */
  async remove(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}
