import { NdpError } from '@ndp/domain';

/** A plugin as the host's admin API shows it (`GET /api/plugins`). */
export interface HostPluginView {
  readonly id: string | null;
  readonly folder: string;
  readonly state: string;
  readonly version: string | null;
  readonly capabilities: readonly string[];
  readonly error: { readonly code?: string; readonly message: string } | null;
}

/** The outcome of telling the host about a change. */
export type RefreshOutcome =
  | { readonly kind: 'no-host'; readonly url: string | undefined }
  | { readonly kind: 'removed'; readonly url: string }
  | { readonly kind: 'loaded'; readonly url: string; readonly plugin: HostPluginView };

/** Options of {@link HostAdminClient}. */
export interface HostAdminClientOptions {
  /** The host's base URL; undefined when the config cannot say (Port = 0). */
  readonly url: string | undefined;
  readonly adminToken: string | undefined;
  /** For messages: where the token should be set. */
  readonly configFile: string | undefined;
}

const LIST_TIMEOUT_MS = 3_000;
const REFRESH_TIMEOUT_MS = 120_000;
const SETTLE_POLL_MS = 100;

/**
 * Talks to a running host's admin API. "No host" (connection refused, unknown port) is an outcome, not an error:
 * the folder is the truth and the host reads it at its next start. A host that answers but refuses (wrong or
 * missing token, server error) is an `NdpError` whose message says what to fix.
 */
export class HostAdminClient {
  constructor(private readonly options: HostAdminClientOptions) {}

  /** The base URL, or undefined when the config has `Port = 0` and no `--url` was given. */
  get url(): string | undefined {
    return this.options.url;
  }

  /** The host's plugin list, or undefined when no host answers. */
  async list(): Promise<HostPluginView[] | undefined> {
    const res = await this.send('GET', '/api/plugins', LIST_TIMEOUT_MS);
    if (!res) return undefined;
    return ((await this.json(res, 'GET /api/plugins')) as { plugins: HostPluginView[] }).plugins;
  }

  /**
   * `POST /api/plugins/<id>/refresh` with the admin token: the host re-reads the folder, loads the new files (or
   * drops a removed plugin), runs OnInit, and answers the plugin's state; a `loading` state is polled until it
   * settles (bounded by the refresh timeout).
   */
  async refresh(id: string): Promise<RefreshOutcome> {
    const url = this.options.url;
    const res = await this.send(
      'POST',
      `/api/plugins/${encodeURIComponent(id)}/refresh`,
      REFRESH_TIMEOUT_MS,
      true,
    );
    if (!res || !url) return { kind: 'no-host', url };
    const view = (await this.json(res, `POST /api/plugins/${id}/refresh`)) as
      | HostPluginView
      | { state: 'removed' };
    if (view.state === 'removed') return { kind: 'removed', url };
    let plugin = view as HostPluginView;
    const giveUp = Date.now() + REFRESH_TIMEOUT_MS;
    while (plugin.state === 'loading' && Date.now() < giveUp) {
      await new Promise((r) => setTimeout(r, SETTLE_POLL_MS));
      const again = await this.send('GET', `/api/plugins/${encodeURIComponent(id)}`, LIST_TIMEOUT_MS);
      if (!again) return { kind: 'no-host', url };
      plugin = (await this.json(again, `GET /api/plugins/${id}`)) as HostPluginView;
    }
    return { kind: 'loaded', url, plugin };
  }

  private async send(
    method: 'GET' | 'POST',
    path: string,
    timeoutMs: number,
    admin = false,
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
        {
          cause: e,
        },
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
          ? `the host at ${this.options.url} refused the admin token for ${what}: set Server.AdminToken in ${where} to the host's token`
          : `the host at ${this.options.url} needs the admin token for ${what}, and ${where} has no Server.AdminToken: set the host's token there`,
      );
    }
    if (!res.ok || body === undefined) {
      const message =
        (body as { error?: { message?: string } } | undefined)?.error?.message ?? text.slice(0, 200);
      throw new NdpError(
        'INTERNAL',
        `the host at ${this.options.url} answered ${res.status} to ${what}: ${message}`,
      );
    }
    return body;
  }
}
