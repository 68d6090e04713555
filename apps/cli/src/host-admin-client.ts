import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { NdpError } from '@ndp/domain';

/** A plugin as the host's admin API shows it (`GET /api/plugins`). */
export interface HostPluginView {
  readonly id: string | null;
  readonly folder: string;
  readonly state: string;
  readonly version: string | null;
  readonly author: string | null;
  readonly capabilities: readonly string[];
  readonly error: { readonly code?: string; readonly message: string } | null;
}

/** What a running host says about itself (`GET /api/host`). */
export interface HostIdentityView {
  readonly configFile: string | null;
  readonly dataFolder: string;
  readonly pluginsFolder: string;
  readonly pid: number;
}

/** The outcome of telling the host about a change. */
export type RefreshOutcome =
  | { readonly kind: 'no-host'; readonly url: string | undefined }
  | { readonly kind: 'removed'; readonly url: string }
  /** Neither a plugin nor a folder of the host has this id. */
  | { readonly kind: 'not-found'; readonly url: string; readonly message: string }
  /** A folder of this name (or claiming it) cannot be loaded; `plugin.error` says why. */
  | { readonly kind: 'unusable'; readonly url: string; readonly plugin: HostPluginView }
  | { readonly kind: 'loaded'; readonly url: string; readonly plugin: HostPluginView };

/** What `POST /api/reload` answers. */
export interface ReloadView {
  readonly file: string | null;
  readonly reinitialized: readonly string[];
  readonly agents: readonly string[] | null;
  readonly restartRequired: readonly string[];
  readonly warnings: readonly string[];
}

/** Options of {@link HostAdminClient}. */
export interface HostAdminClientOptions {
  /** The host's base URL; undefined when the config cannot say (Port = 0). */
  readonly url: string | undefined;
  readonly adminToken: string | undefined;
  /** For messages: where the token should be set. */
  readonly configFile: string | undefined;
  /** The plugins folder this CLI works on: a host serving another folder is not ours. */
  readonly pluginsFolder: string;
}

const LIST_TIMEOUT_MS = 3_000;
const REFRESH_TIMEOUT_MS = 120_000;
const SETTLE_POLL_MS = 100;

/**
 * Talks to a running host's admin API. "No host" (connection refused, unknown port) is an outcome, not an error:
 * the folder is the truth and the host reads it at its next start. Before its first request it asks the host which
 * plugins folder it serves (`GET /api/host`) and refuses, naming both folders, to act on a host serving another one
 * (a second checkout's host on a port this config also names). A host that answers but refuses (wrong or missing
 * token, server error) is an `NdpError` whose message says what to fix.
 */
export class HostAdminClient {
  private checked: Promise<boolean> | undefined;

  constructor(private readonly options: HostAdminClientOptions) {}

  /** The base URL, or undefined when the config has `Port = 0` and no `--url` was given. */
  get url(): string | undefined {
    return this.options.url;
  }

  /** How messages name the host: its URL and the config it was started with. */
  describe(identity?: HostIdentityView): string {
    const config = identity?.configFile ?? this.options.configFile;
    return `the host at ${this.options.url ?? '?'}${config ? ` (config ${config})` : ''}`;
  }

  /**
   * Checks, before a command changes the plugins folder, that the host which answers (if any) serves this folder;
   * rejects naming both folders when it does not. Resolves false when no host answers.
   */
  ensureOwnHost(): Promise<boolean> {
    return (this.checked ??= this.checkIdentity());
  }

  /** The host's plugin list, or undefined when no host answers. */
  async list(): Promise<HostPluginView[] | undefined> {
    const res = await this.send('GET', '/api/plugins', LIST_TIMEOUT_MS);
    if (!res) return undefined;
    return ((await this.json(res, 'GET /api/plugins')) as { plugins: HostPluginView[] }).plugins;
  }

  /**
   * `POST /api/plugins/<id>/refresh` with the admin token: the host re-reads the folder, loads the new files (or
   * drops a removed plugin), runs OnInit, and answers what happened; a `loading` state is polled until it
   * settles (bounded by the refresh timeout).
   */
  async refresh(id: string): Promise<RefreshOutcome> {
    return this.act(id, 'refresh');
  }

  /** `POST /api/plugins/<id>/enable|disable`: what the host did, as {@link refresh} answers it. */
  async act(id: string, action: 'refresh' | 'enable' | 'disable'): Promise<RefreshOutcome> {
    const url = this.options.url;
    const path = `/api/plugins/${encodeURIComponent(id)}/${action}`;
    const res = await this.send('POST', path, REFRESH_TIMEOUT_MS, true);
    if (!res || !url) return { kind: 'no-host', url };
    if (res.status === 404) {
      const body = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
      return { kind: 'not-found', url, message: body?.error?.message ?? `no plugin "${id}"` };
    }
    const view = (await this.json(res, `POST ${path}`)) as HostPluginView & { outcome?: string };
    if (view.state === 'removed') return { kind: 'removed', url };
    if (view.outcome === 'unusable') return { kind: 'unusable', url, plugin: view };
    let plugin: HostPluginView = view;
    const giveUp = Date.now() + REFRESH_TIMEOUT_MS;
    while (plugin.state === 'loading' && Date.now() < giveUp) {
      await new Promise((r) => setTimeout(r, SETTLE_POLL_MS));
      const again = await this.send('GET', `/api/plugins/${encodeURIComponent(id)}`, LIST_TIMEOUT_MS);
      if (!again) return { kind: 'no-host', url };
      plugin = (await this.json(again, `GET /api/plugins/${id}`)) as HostPluginView;
    }
    return { kind: 'loaded', url, plugin };
  }

  /** `POST /api/reload`: the host re-reads its configuration; undefined when no host answers. */
  async reload(): Promise<ReloadView | undefined> {
    const res = await this.send('POST', '/api/reload', REFRESH_TIMEOUT_MS, true);
    if (!res) return undefined;
    return (await this.json(res, 'POST /api/reload')) as ReloadView;
  }

  private async send(
    method: 'GET' | 'POST',
    path: string,
    timeoutMs: number,
    admin = false,
  ): Promise<Response | undefined> {
    if (!(await this.ensureOwnHost())) return undefined;
    return this.fetch(method, path, timeoutMs, admin);
  }

  // Resolves false when no host answers; throws when the host that answers serves another plugins folder.
  private async checkIdentity(): Promise<boolean> {
    const res = await this.fetch('GET', '/api/host', LIST_TIMEOUT_MS, false);
    if (!res) return false;
    const ours = canonical(this.options.pluginsFolder);
    const identity =
      res.status === 200
        ? ((await res.json().catch(() => undefined)) as HostIdentityView | undefined)
        : undefined;
    if (!identity?.pluginsFolder) {
      throw new NdpError(
        'CONFIG_INVALID',
        `${this.describe()} does not say which plugins folder it serves (it answered ${res.status} to GET /api/host): it is not an ndp host of this version; pass --url of the host that serves ${ours}`,
      );
    }
    const theirs = canonical(identity.pluginsFolder);
    if (theirs !== ours) {
      throw new NdpError(
        'CONFIG_INVALID',
        `${this.describe(identity)} serves the plugins folder ${theirs}, not ${ours}: it is another ndp host. ` +
          `Start this configuration's host, or pass --url of the host that serves ${ours}; nothing was changed on that host`,
        { details: { url: this.options.url, hostPluginsFolder: theirs, pluginsFolder: ours } },
      );
    }
    return true;
  }

  private async fetch(
    method: 'GET' | 'POST',
    path: string,
    timeoutMs: number,
    admin: boolean,
  ): Promise<Response | undefined> {
    const base = this.options.url;
    if (!base) return undefined;
    try {
      return await fetch(`${base}${path}`, {
        method,
        headers:
          admin && this.options.adminToken ? { authorization: `Bearer ${this.options.adminToken}` } : {},
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const code = ((e as Error).cause as NodeJS.ErrnoException | undefined)?.code;
      if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EADDRNOTAVAIL') return undefined;
      throw new NdpError(
        'INTERNAL',
        `the host at ${base} did not answer ${method} ${path}: ${code ?? (e as Error).message}`,
        { cause: e },
      );
    }
  }

  private async json(res: Response, what: string): Promise<unknown> {
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (res.status === 401 || res.status === 403) {
      const where = this.options.configFile ?? 'the config';
      throw new NdpError(
        'UNAUTHORIZED',
        this.options.adminToken
          ? `${this.describe()} refused the admin token for ${what}: set Server.AdminToken in ${where} to the host's token`
          : `${this.describe()} needs the admin token for ${what}, and ${where} has no Server.AdminToken: set the host's token there`,
      );
    }
    if (!res.ok || body === undefined) {
      const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new NdpError(
        error?.code === 'CONFIG_INVALID' ? 'CONFIG_INVALID' : 'INTERNAL',
        `${this.describe()} answered ${res.status} to ${what}: ${error?.message ?? text.slice(0, 200)}`,
      );
    }
    return body;
  }
}

function canonical(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return resolve(folder);
  }
}
