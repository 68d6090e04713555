import { NdpError } from '@ndp/domain';
import { resolveGuestOutputLimits, type GuestOutputLimits } from '../../guest-output-limits.js';
import type { InstanceOptions } from '../../plugin-engine.js';
import type { GuestCallOptions, GuestCallResult, PluginInstance } from '../../plugin-instance.js';
import { PluginLogLevel } from '../../plugin-logger.js';
import { RecordingPluginLogger } from '../recording-plugin-logger.js';

/**
 * What a fake export does with its input. Throwing an `NdpError` `GUEST_*` breaks the instance, as engines do
 * (`GUEST_OUTPUT_TOO_LARGE` excepted: the port keeps the instance).
 */
export type FakeExport = (
  input: Uint8Array,
  context: FakeCallContext,
) => GuestCallResult | Promise<GuestCallResult>;

/** What a fake export can see. */
export interface FakeCallContext {
  readonly pluginId: string;
  readonly config: Readonly<Record<string, string>>;
  readonly hostFunctions: InstanceOptions['hostFunctions'];
  /** Everything the instance was made with (logger, level, memory ceiling, caps, HTTP handler). */
  readonly setup: InstanceOptions;
  /** The output, error-text and log caps of this instance, defaults filled in. */
  readonly limits: GuestOutputLimits;
  readonly instance: FakeInstance;
  readonly options: GuestCallOptions;
}

const PAGE = 65_536;
let nextSerial = 1;

/** Options of an instance made outside an engine (a pool test): a plugin "fake" with nothing granted. */
const standalone = (): InstanceOptions => ({
  pluginId: 'fake',
  config: {},
  hostFunctions: {},
  logger: new RecordingPluginLogger(),
  logLevel: PluginLogLevel.info,
  memoryLimitBytes: 128 * 1024 * 1024,
});

/**
 * A {@link PluginInstance} that runs JS functions as exports, with the port's call rules: a deadline per call
 * (`GUEST_TIMEOUT`), a failed call breaks the instance, an unknown export is `NOT_IMPLEMENTED` and keeps it.
 * Test support only.
 */
export class FakeInstance implements PluginInstance {
  readonly serial = nextSerial++;
  closed = false;
  calls = 0;
  /** What {@link memoryBytes} answers; an export or a test sets it to play an instance that grew. */
  memory = PAGE;
  private failed = false;
  private readonly setup: InstanceOptions;
  private readonly limits: GuestOutputLimits;

  constructor(
    private readonly exportsByName: Readonly<Record<string, FakeExport>> = {},
    setup: InstanceOptions = standalone(),
  ) {
    this.setup = setup;
    this.limits = resolveGuestOutputLimits(setup);
  }

  /** A failed or closed instance is broken; an export or a test may set it to play one that failed. */
  get broken(): boolean {
    return this.failed || this.closed;
  }
  set broken(value: boolean) {
    this.failed = value;
  }

  async call(exportName: string, input: Uint8Array, options: GuestCallOptions): Promise<GuestCallResult> {
    const { pluginId } = this.setup;
    if (this.broken) throw new Error(`fake instance ${this.serial} used after close or break`);
    const fn = this.exportsByName[exportName];
    if (!fn) throw new NdpError('NOT_IMPLEMENTED', `plugin "${pluginId}" exports no ${exportName}`);
    this.calls++;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const started = performance.now();
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const took = Math.round(performance.now() - started);
        const why = `ran past its ${options.timeoutMs} ms deadline and was stopped after ${took} ms`;
        reject(new NdpError('GUEST_TIMEOUT', `plugin "${pluginId}": ${why}`, { details: { pluginId } }));
      }, options.timeoutMs);
    });
    const context: FakeCallContext = {
      pluginId,
      config: this.setup.config,
      hostFunctions: this.setup.hostFunctions,
      setup: this.setup,
      limits: this.limits,
      instance: this,
      options,
    };
    try {
      return await Promise.race([Promise.resolve(fn(input.slice(), context)), deadline]);
    } catch (error) {
      if (NdpError.is(error) && error.code.startsWith('GUEST_') && error.code !== 'GUEST_OUTPUT_TOO_LARGE')
        this.broken = true;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  memoryBytes(): number {
    return this.memory;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
