import { NdpError } from '@ndp/domain';
import { DEFAULT_MAX_TABLE_ELEMENTS, type InstanceOptions } from '../../plugin-engine.js';
import type { GuestCallOptions, GuestCallResult, PluginInstance } from '../../plugin-instance.js';
import { PluginLogLevel } from '../../plugin-logger.js';
import type { EngineFixtureName } from '../engine-fixtures.js';

const PAGE = 65_536;
const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
const utf8 = (text: string) => new TextEncoder().encode(text);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const ok = (output: Uint8Array): GuestCallResult => ({ ok: true, output });
const fails = (error: string): GuestCallResult => ({ ok: false, error });

/** An instance of {@link ScriptedEngine}: plays one fixture's behaviour in JavaScript. */
export class ScriptedInstance implements PluginInstance {
  private pages = 1;
  private counter = 0;
  private failed = false;
  private closed = false;

  constructor(
    private readonly fixture: EngineFixtureName,
    private readonly options: InstanceOptions,
  ) {}

  get broken(): boolean {
    return this.failed || this.closed;
  }

  memoryBytes(): number {
    return this.pages * PAGE;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  async call(exportName: string, input: Uint8Array, options: GuestCallOptions): Promise<GuestCallResult> {
    if (this.broken) throw new Error(`instance of ${this.options.pluginId} is broken or closed`);
    if (exportName !== this.fixture) {
      throw new NdpError('NOT_IMPLEMENTED', `plugin "${this.options.pluginId}" exports no ${exportName}`);
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.error('GUEST_TIMEOUT', 'deadline passed')), options.timeoutMs);
    });
    try {
      return await Promise.race([this.run(input.slice()), deadline]);
    } catch (error) {
      this.failed = true;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private error(
    code: 'GUEST_TRAP' | 'GUEST_TIMEOUT' | 'GUEST_MEMORY_LIMIT' | 'GUEST_EXIT',
    why: string,
    cause?: unknown,
  ) {
    return new NdpError(code, `plugin "${this.options.pluginId}": ${why}`, {
      cause,
      details: { pluginId: this.options.pluginId },
    });
  }

  private async run(input: Uint8Array): Promise<GuestCallResult> {
    switch (this.fixture) {
      case 'echo':
      case 'wasi':
        return ok(input);
      case 'fail':
        return fails('boom');
      case 'not_found':
        return fails('plugin:not_found');
      case 'rc_nonzero':
        return fails('the export returned 3 without error text');
      case 'trap':
        throw this.error('GUEST_TRAP', 'unreachable executed');
      case 'exit':
        throw this.error('GUEST_EXIT', 'proc_exit(3)');
      case 'loop_forever':
        return new Promise<never>(() => undefined);
      case 'grow_memory':
        while ((this.pages + 1) * PAGE <= this.options.memoryLimitBytes) this.pages++;
        throw this.error('GUEST_MEMORY_LIMIT', 'memory ceiling reached');
      case 'huge_output': {
        const output = new Uint8Array(Number(text(input)));
        for (let i = 0; i < output.length; i++) output[i] = i % 251;
        return ok(output);
      }
      case 'host_echo':
        return ok(await this.hostEcho(input));
      case 'config': {
        const value = this.options.config[text(input)];
        return value === undefined ? fails('config key not found') : ok(utf8(value));
      }
      case 'non_ascii':
        return ok(utf8(`héllo, ${text(input)} 🎶`));
      case 'counter':
      case 'vars':
        return ok(utf8(String(++this.counter)));
      case 'output_len':
        return ok(utf8('abc'));
      case 'log_level':
        if (this.options.logLevel <= PluginLogLevel.trace) this.options.logger.trace(`trace: ${text(input)}`);
        return ok(utf8(String(this.options.logLevel)));
      case 'exit_zero':
        this.closed = true;
        return ok(input);
      case 'host_loop':
        // Each turn waits for a macrotask, as a yielding engine does: a loop of resolved awaits would starve timers.
        for (;;) {
          await this.hostEcho(input);
          await new Promise((resolve) => setImmediate(resolve));
        }
      case 'start_loop':
      case 'init_loop':
        return ok(new Uint8Array(0));
      case 'table_grow':
        return ok(utf8(String(DEFAULT_MAX_TABLE_ELEMENTS)));
      case 'log':
        for (const [i, level] of LOG_LEVELS.entries()) {
          if (i + PluginLogLevel.debug >= this.options.logLevel)
            this.options.logger[level](`${level}: ${text(input)}`);
        }
        return ok(new Uint8Array(0));
    }
  }

  private async hostEcho(input: Uint8Array): Promise<Uint8Array> {
    const fn = this.options.hostFunctions['test_echo'];
    try {
      return (await fn!(input)).slice();
    } catch (cause) {
      throw this.error('GUEST_TRAP', 'host function test_echo failed', cause);
    }
  }
}
