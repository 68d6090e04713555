import { NdpError } from '@ndp/domain';
import type { GuestOutputLimits } from '../../guest-output-limits.js';
import { answerExtismHttp } from '../../extism-http.js';
import { DEFAULT_MAX_TABLE_ELEMENTS } from '../../plugin-engine.js';
import type { GuestCallResult } from '../../plugin-instance.js';
import { PluginLogLevel } from '../../plugin-logger.js';
import type { EngineFixtureName } from '../engine-fixtures.js';
import type { FakeModule } from './fake-engine.js';
import type { FakeCallContext, FakeExport } from './fake-instance.js';

const PAGE = 65_536;
const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
const utf8 = (text: string) => new TextEncoder().encode(text);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const ok = (output: Uint8Array): GuestCallResult => ({ ok: true, output });
const fails = (error: string): GuestCallResult => ({ ok: false, error });
const user = (name: string) => ({ module: 'extism:host/user', name });
const wasi = (name: string) => ({ module: 'wasi_snapshot_preview1', name });

type GuestFailure = 'GUEST_TRAP' | 'GUEST_MEMORY_LIMIT' | 'GUEST_EXIT' | 'GUEST_OUTPUT_TOO_LARGE';
const guestError = (ctx: FakeCallContext, code: GuestFailure, why: string, cause?: unknown) =>
  new NdpError(code, `plugin "${ctx.pluginId}": ${why}`, { cause, details: { pluginId: ctx.pluginId } });

async function hostEcho(input: Uint8Array, ctx: FakeCallContext): Promise<Uint8Array> {
  try {
    return (await ctx.hostFunctions['test_echo']!(input)).slice();
  } catch (cause) {
    throw guestError(ctx, 'GUEST_TRAP', 'host function test_echo failed', cause);
  }
}

function logFlood(spec: string, ctx: FakeCallContext, limits: GuestOutputLimits): GuestCallResult {
  const [n = 0, size = 16] = spec.split(' ').map(Number);
  const line = 'a'.repeat(size);
  let lines = 0;
  let dropped = 0;
  for (let i = 0; i < n; i++) {
    if (lines < limits.maxLogLinesPerCall && (lines + 1) * size <= limits.maxLogBytesPerCall) {
      lines++;
      if (ctx.setup.logLevel <= PluginLogLevel.info) ctx.setup.logger.info(line);
    } else dropped++;
  }
  if (dropped > 0) ctx.setup.logger.warn(`${dropped} lines (${dropped * size} bytes) were dropped`);
  return ok(new Uint8Array(0));
}

// The guest side of the Extism `http_request` frame: request JSON and body in, status, headers and body out.
async function httpRequest(json: Uint8Array, ctx: FakeCallContext): Promise<Uint8Array> {
  const frame = new Uint8Array(4 + json.length + 4);
  new DataView(frame.buffer).setUint32(0, json.length, true);
  frame.set(json, 4);
  frame.set(utf8('ping'), 4 + json.length);
  const answer = await answerExtismHttp(ctx.setup.httpRequest, frame);
  const view = new DataView(answer.buffer, answer.byteOffset);
  const headersLength = view.getUint32(4, true);
  const headers = text(answer.subarray(8, 8 + headersLength));
  return utf8(`${view.getUint32(0, true)}\n${headers}\n${text(answer.subarray(8 + headersLength))}`);
}

const echo: FakeExport = (input) => ok(input);
const nothing: FakeExport = () => ok(new Uint8Array(0));
const counter: FakeExport = (_input, ctx) => ok(utf8(String(ctx.instance.calls)));
const never = () => new Promise<never>(() => undefined);

const BEHAVIOURS: Record<EngineFixtureName, FakeExport> = {
  echo,
  wasi: echo,
  fail: () => fails('boom'),
  not_found: () => fails('plugin:not_found'),
  rc_nonzero: () => fails('the export returned 3 without error text'),
  trap: (_input, ctx) => {
    throw guestError(ctx, 'GUEST_TRAP', 'unreachable executed');
  },
  exit: (_input, ctx) => {
    throw guestError(ctx, 'GUEST_EXIT', 'proc_exit(3)');
  },
  loop_forever: never,
  grow_memory: (_input, ctx) => {
    while (ctx.instance.memory + PAGE <= ctx.setup.memoryLimitBytes) ctx.instance.memory += PAGE;
    throw guestError(ctx, 'GUEST_MEMORY_LIMIT', 'memory ceiling reached');
  },
  huge_output: (input, ctx) => {
    const size = Number(text(input));
    if (size > ctx.limits.maxOutputBytes)
      throw guestError(ctx, 'GUEST_OUTPUT_TOO_LARGE', `output of ${size} bytes`);
    const output = new Uint8Array(size);
    for (let i = 0; i < output.length; i++) output[i] = i % 251;
    return ok(output);
  },
  host_echo: async (input, ctx) => ok(await hostEcho(input, ctx)),
  config: (input, ctx) => {
    const value = ctx.config[text(input)];
    return value === undefined ? fails('config key not found') : ok(utf8(value));
  },
  non_ascii: (input) => ok(utf8(`héllo, ${text(input)} 🎶`)),
  counter,
  vars: counter,
  output_len: () => ok(utf8('abc')),
  log_level: (input, ctx) => {
    if (ctx.setup.logLevel <= PluginLogLevel.trace) ctx.setup.logger.trace(`trace: ${text(input)}`);
    return ok(utf8(String(ctx.setup.logLevel)));
  },
  exit_zero: (input, ctx) => {
    // proc_exit(0) after the output: the call succeeds and the guest program has ended.
    ctx.instance.broken = true;
    return ok(input);
  },
  host_loop: async (input, ctx) => {
    // Each turn waits for a macrotask, as a yielding engine does: a loop of resolved awaits would starve timers.
    for (;;) {
      await hostEcho(input, ctx);
      await new Promise((resolve) => setImmediate(resolve));
    }
  },
  start_loop: nothing,
  init_loop: nothing,
  table_grow: () => ok(utf8(String(DEFAULT_MAX_TABLE_ELEMENTS))),
  log: (input, ctx) => {
    for (const [i, level] of LOG_LEVELS.entries()) {
      if (i + PluginLogLevel.debug >= ctx.setup.logLevel) ctx.setup.logger[level](`${level}: ${text(input)}`);
    }
    return ok(new Uint8Array(0));
  },
  log_flood: (input, ctx) => logFlood(text(input), ctx, ctx.limits),
  big_error: (input, ctx) => {
    const asked = Number(text(input));
    const kept = Math.floor(Math.min(asked, ctx.limits.maxErrorBytes) / 2);
    const cut = asked > ctx.limits.maxErrorBytes;
    return fails('é'.repeat(kept) + (cut ? `… [truncated, ${asked} bytes]` : ''));
  },
  http_request: async (input, ctx) => ok(await httpRequest(input, ctx)),
  ghc_init: nothing,
};

const IMPORTS: Partial<Record<EngineFixtureName, FakeModule['imports']>> = {
  host_echo: [user('test_echo')],
  host_loop: [user('test_echo')],
  wasi: [wasi('fd_write')],
  exit: [wasi('proc_exit')],
  exit_zero: [wasi('proc_exit')],
};

/** Fixtures whose start function or `_initialize` never returns: instantiating them can only time out. */
const LOOPING_STARTS: ReadonlySet<EngineFixtureName> = new Set(['start_loop', 'init_loop']);

/**
 * The engine contract's fixtures (libs/ports/src/testing/engine-fixtures.ts says what each does) as fake
 * modules: each exports one function named after it and plays the documented behaviour in JavaScript.
 */
export const CONTRACT_FIXTURE_MODULES = Object.fromEntries(
  Object.entries(BEHAVIOURS).map(([name, behaviour]) => {
    const fixture = name as EngineFixtureName;
    const module: FakeModule = {
      exports: { [fixture]: behaviour },
      ...(IMPORTS[fixture] ? { imports: IMPORTS[fixture] } : {}),
      ...(LOOPING_STARTS.has(fixture) ? { start: never } : {}),
    };
    return [fixture, module];
  }),
) as Readonly<Record<EngineFixtureName, FakeModule>>;
