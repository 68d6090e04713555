import { NdpError } from '@ndp/domain';
import { Redis, type RedisOptions } from 'ioredis';

/** How the adapters talk to Redis. Every field but `url` has a default. */
export interface RedisConnectionOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS). */
  readonly url: string;
  /**
   * How long the first connection may take before startup fails, in ms. Default 5,000: long enough for a Redis
   * on the network, short enough that a wrong URL is reported at once rather than hanging the host.
   */
  readonly connectTimeoutMs?: number;
  /**
   * How long one command may take before it rejects, in ms. Default 5,000. Together with the disabled offline
   * queue this is what keeps a call from hanging while Redis is gone.
   */
  readonly commandTimeoutMs?: number;
  /** The longest wait between two reconnection attempts while Redis is gone, in ms. Default 2,000. */
  readonly maxReconnectDelayMs?: number;
}

/** The default of {@link RedisConnectionOptions.connectTimeoutMs}. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
/** The default of {@link RedisConnectionOptions.commandTimeoutMs}. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 5_000;
/** The default of {@link RedisConnectionOptions.maxReconnectDelayMs}. */
export const DEFAULT_MAX_RECONNECT_DELAY_MS = 2_000;

/** The URL with its password (if any) replaced by `***`, fit for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '<unparsable Redis URL>';
  }
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new NdpError(
      'CONFIG_INVALID',
      `Redis option ${name} must be a positive number of ms, got ${value}`,
    );
  }
  return value;
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new NdpError(
      'CONFIG_INVALID',
      `the Redis URL "${redactUrl(url)}" is not a URL; use redis://host:port`,
    );
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new NdpError(
      'CONFIG_INVALID',
      `the Redis URL "${redactUrl(url)}" must start with redis:// or rediss://, e.g. redis://127.0.0.1:6379`,
    );
  }
}

/**
 * The ioredis options of a client used for ordinary commands: no offline queue and one retry per command, so a
 * call made while Redis is gone rejects at once instead of waiting; a command timeout for a Redis that stops
 * answering; reconnection for ever with a capped back-off, so the client recovers by itself when Redis returns.
 * `blocking` clients (BullMQ workers) keep their commands across reconnections instead, as BullMQ requires.
 */
export function redisClientOptions(
  options: RedisConnectionOptions,
  role: { readonly name: string; readonly blocking?: boolean },
): RedisOptions {
  checkUrl(options.url);
  const connectTimeout = positive('connectTimeoutMs', options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
  const maxDelay = positive(
    'maxReconnectDelayMs',
    options.maxReconnectDelayMs ?? DEFAULT_MAX_RECONNECT_DELAY_MS,
  );
  const common: RedisOptions = {
    connectionName: role.name,
    lazyConnect: true,
    connectTimeout,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), maxDelay),
  };
  if (role.blocking) return { ...common, maxRetriesPerRequest: null };
  return {
    ...common,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: positive('commandTimeoutMs', options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS),
  };
}

/**
 * Opens one client and waits for its first connection, or fails with `REDIS_UNAVAILABLE` naming the URL (its
 * password hidden) within `connectTimeoutMs`. The client keeps reconnecting by itself afterwards.
 *
 * @example
 * ```ts
 * const client = await connectRedis({ url: 'redis://127.0.0.1:6379' }, { name: 'ndp-cache' });
 * ```
 */
export async function connectRedis(
  options: RedisConnectionOptions,
  role: { readonly name: string; readonly blocking?: boolean },
): Promise<Redis> {
  const clientOptions = redisClientOptions(options, role);
  const client = new Redis(options.url, clientOptions);
  // Without a listener, ioredis reports every failed reconnection attempt on stderr; callers see the errors
  // through the commands that fail instead.
  client.on('error', () => undefined);
  const timeoutMs = clientOptions.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return client;
  } catch (cause) {
    client.disconnect();
    throw new NdpError(
      'REDIS_UNAVAILABLE',
      `cannot connect to Redis at ${redactUrl(options.url)}: ${messageOf(cause)}; check that Redis runs and the URL is right`,
      { cause, details: { url: redactUrl(options.url) } },
    );
  } finally {
    clearTimeout(timer);
  }
}

/** Closes a client politely (QUIT), or at once when Redis is gone; never rejects. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  try {
    if (client.status === 'ready') await client.quit();
    else client.disconnect();
  } catch {
    client.disconnect();
  }
}

/** An error's message, whatever was thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs one Redis operation and turns a failure of Redis (connection lost, timeout) into `REDIS_UNAVAILABLE`
 * naming the operation and the URL, so callers can answer in-band. An `NdpError` passes through unchanged.
 */
export async function redisCall<T>(url: string, what: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (cause) {
    if (NdpError.is(cause)) throw cause;
    throw new NdpError(
      'REDIS_UNAVAILABLE',
      `Redis at ${redactUrl(url)} failed to ${what}: ${messageOf(cause)}`,
      {
        cause,
        details: { url: redactUrl(url) },
      },
    );
  }
}
