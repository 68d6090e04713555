import { NdpError } from '@ndp/domain';
import type { GuestCallOptions, GuestCallResult, HostFunctions, PluginInstance } from '@ndp/ports';

/** What a fake export does with its input; throwing an NdpError GUEST_* breaks the instance, as engines do. */
export type FakeExport = (
  input: Uint8Array,
  context: FakeCallContext,
) => GuestCallResult | Promise<GuestCallResult>;

/** What a fake export can see. */
export interface FakeCallContext {
  readonly pluginId: string;
  readonly config: Readonly<Record<string, string>>;
  readonly hostFunctions: HostFunctions;
  readonly instance: FakeInstance;
  readonly options: GuestCallOptions;
}

let nextSerial = 1;

/** A test double of {@link PluginInstance}: runs JS functions as exports. Test support only. */
export class FakeInstance implements PluginInstance {
  readonly serial = nextSerial++;
  broken = false;
  closed = false;
  calls = 0;
  /** What {@link memoryBytes} answers; a test sets it to play an instance that grew. */
  memory = 65_536;

  constructor(
    private readonly exportsByName: Readonly<Record<string, FakeExport>> = {},
    private readonly context: Omit<FakeCallContext, 'instance' | 'options'> = {
      pluginId: 'fake',
      config: {},
      hostFunctions: {},
    },
  ) {}

  async call(exportName: string, input: Uint8Array, options: GuestCallOptions): Promise<GuestCallResult> {
    if (this.closed || this.broken) throw new Error(`fake instance ${this.serial} used after close or break`);
    const fn = this.exportsByName[exportName];
    if (!fn) throw new Error(`fake instance has no export ${exportName}`);
    this.calls++;
    try {
      return await fn(input, { ...this.context, instance: this, options });
    } catch (error) {
      if (NdpError.is(error) && error.code.startsWith('GUEST_')) this.broken = true;
      throw error;
    }
  }

  memoryBytes(): number {
    return this.memory;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
