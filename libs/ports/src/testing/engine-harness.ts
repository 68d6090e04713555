import { NdpError, type ErrorCode } from '@ndp/domain';
import { expect } from 'vitest';
import type { PluginEngine, InstanceOptions } from '../plugin-engine.js';
import type { PluginInstance } from '../plugin-instance.js';
import { PluginLogLevel } from '../plugin-logger.js';
import type { EngineContractFixtures, EngineFixtureName } from './engine-fixtures.js';
import { RecordingPluginLogger } from './recording-plugin-logger.js';

/** Makes a fresh engine for one contract case; the case closes it. */
export type EngineFactory = () => PluginEngine | Promise<PluginEngine>;

/** What an engine setup documents about itself, so the cases hold it to what it promises. */
export interface EngineContractTraits {
  /**
   * The setup runs guest code on the calling thread without yielding (the Node engine's inline executor with
   * `yieldSliceMs: 0`): deadlines hold, but timers do not tick while a guest runs.
   */
  readonly holdsEventLoop?: boolean;
}

/** What the engine contract cases run against. */
export interface EngineContractSubject {
  readonly makeEngine: EngineFactory;
  readonly fixtures: EngineContractFixtures;
  readonly traits?: EngineContractTraits;
}

/** The default memory ceiling of the cases, as docs/contract.md §6 (128 MiB). */
export const DEFAULT_MEMORY_LIMIT = 128 * 1024 * 1024;
/** The default deadline of the cases' calls, as docs/contract.md §6 (10 s). */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Runs `body` with a new engine and closes it afterwards, whatever happens. */
export async function withEngine(
  subject: EngineContractSubject,
  body: (engine: PluginEngine) => Promise<void>,
): Promise<void> {
  const engine = await subject.makeEngine();
  try {
    await body(engine);
  } finally {
    await engine.close();
  }
}

/** Compiles and instantiates a fixture with defaults that the case may override. */
export async function loadFixture(
  engine: PluginEngine,
  fixtures: EngineContractFixtures,
  name: EngineFixtureName,
  overrides: Partial<InstanceOptions> = {},
): Promise<PluginInstance> {
  const memoryLimitBytes = overrides.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT;
  const pluginId = overrides.pluginId ?? `fixture-${name.replace(/_/g, '-')}`;
  const plugin = await engine.compile(await fixtures.wasm(name), { pluginId, memoryLimitBytes });
  return engine.instantiate(plugin, {
    pluginId,
    config: {},
    hostFunctions: {},
    logger: new RecordingPluginLogger(),
    logLevel: PluginLogLevel.info,
    memoryLimitBytes,
    ...overrides,
  });
}

/** UTF-8 bytes of `text`. */
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
/** `text` of UTF-8 `bytes`, rejecting malformed input. */
export const text = (bytes: Uint8Array): string => new TextDecoder('utf-8', { fatal: true }).decode(bytes);

/** Calls and expects success; answers the output. */
export async function callOk(
  instance: PluginInstance,
  exportName: string,
  input: Uint8Array,
): Promise<Uint8Array> {
  const result = await instance.call(exportName, input, { timeoutMs: DEFAULT_TIMEOUT_MS });
  if (!result.ok) throw new Error(`${exportName} answered ok:false: ${result.error}`);
  return result.output;
}

/** Awaits a promise that must reject; answers the rejection. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** Asserts `error` is an `NdpError` with `code`. */
export function expectNdpError(error: unknown, code: ErrorCode): void {
  const seen = NdpError.is(error) ? `NdpError ${error.code}: ${error.message}` : String(error);
  expect(NdpError.is(error, code), `expected NdpError ${code}, got ${seen}`).toBe(true);
}

/** Lower-case hex SHA-256 of `bytes`. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes.slice()));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Proves the engine still serves after a failure: a fresh `echo` instance answers. */
export async function expectEngineServes(
  engine: PluginEngine,
  fixtures: EngineContractFixtures,
): Promise<void> {
  const echo = await loadFixture(engine, fixtures, 'echo');
  expect(text(await callOk(echo, 'echo', utf8('still serving')))).toBe('still serving');
  await echo.close();
}
