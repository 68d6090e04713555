import { NdpError } from '@ndp/domain';
import type { Logger, PluginInstance } from '@ndp/ports';
import { CAPABILITIES, type CapabilityName } from '@ndp/protocol';
import { decodeMessage, type DescMessage, type MessageShape } from '../codec/proto-codec.js';
import { methodNotExportedError, pluginAnswerError } from '../errors/plugin-answer-error.js';
import type { CallDeadline } from './call-deadline.js';
import type { CallMetrics } from './call-metrics.js';
import { acquireTimeoutError, runTimeoutError, type DeadlineSpent } from './deadline-errors.js';
import type { PluginVersion } from './plugin-version.js';

interface MethodDescriptor {
  readonly method: string;
  readonly exportName: string;
  readonly input: DescMessage;
  readonly output: DescMessage;
}

/** The answer of a successful guest call: the raw bytes and the decoded response. */
export interface GuestAnswer {
  readonly bytes: Uint8Array;
  readonly message: MessageShape<DescMessage>;
}

/** Looks up a capability method in the generated table, or fails with NOT_IMPLEMENTED for an unknown name. */
export function methodDescriptor(
  pluginId: string,
  capability: CapabilityName,
  method: string,
): MethodDescriptor {
  const methods = CAPABILITIES[capability]?.methods as Readonly<Record<string, MethodDescriptor>> | undefined;
  const descriptor = methods && Object.hasOwn(methods, method) ? methods[method] : undefined;
  if (!descriptor) {
    throw new NdpError('NOT_IMPLEMENTED', `capability ${capability} has no method ${method}`, {
      details: { pluginId, method },
    });
  }
  return descriptor;
}

/**
 * Runs one capability method on one plugin version: checks the declaration and the export, acquires an
 * instance and runs it within what is left of the call's one `deadline` (a wait that uses it up is
 * `POOL_TIMEOUT`, a guest still running at it is `GUEST_TIMEOUT`, both saying how long each phase took), releases it (the pool discards
 * broken ones), maps the plugin's error channel and the response's `error` field (docs/contract.md §4), and records metrics
 * and a debug log line.
 */
export async function runGuestCall(
  version: PluginVersion,
  capability: CapabilityName,
  method: string,
  input: Uint8Array,
  deadline: CallDeadline,
  observers: { readonly metrics: CallMetrics; readonly logger: Logger },
): Promise<GuestAnswer> {
  const started = performance.now();
  const pluginId = version.id;
  let errorCode: string | undefined;
  try {
    return await execute(version, capability, method, input, deadline);
  } catch (error) {
    errorCode = NdpError.is(error) ? error.code : 'INTERNAL';
    throw error;
  } finally {
    const seconds = (performance.now() - started) / 1000;
    observers.metrics.recordCall(pluginId, method, seconds, errorCode);
    if (observers.logger.isLevelEnabled('info')) {
      observers.logger.info('plugin call', {
        plugin: pluginId,
        method,
        durationMs: Math.round(seconds * 1e6) / 1e3,
        ...(errorCode ? { error: errorCode } : {}),
      });
    }
  }
}

async function execute(
  version: PluginVersion,
  capability: CapabilityName,
  method: string,
  input: Uint8Array,
  deadline: CallDeadline,
): Promise<GuestAnswer> {
  const pluginId = version.id;
  const descriptor = methodDescriptor(pluginId, capability, method);
  if (!version.declares(capability)) {
    throw new NdpError(
      'NOT_IMPLEMENTED',
      `plugin "${pluginId}" does not declare the ${capability} capability`,
      {
        details: { pluginId, method, capability },
      },
    );
  }
  if (version.lacksExport(descriptor.exportName))
    throw methodNotExportedError(pluginId, method, descriptor.exportName);
  const instance = await acquire(version, method, deadline);
  const spent: DeadlineSpent = { pluginId, method, deadline, phaseStartedAt: Date.now() };
  let result;
  try {
    result = await instance.call(descriptor.exportName, input, {
      timeoutMs: Math.max(1, deadline.remainingMs()),
    });
  } catch (error) {
    throw NdpError.is(error, 'GUEST_TIMEOUT') ? runTimeoutError(spent, error, 'run') : error;
  } finally {
    version.pool.release(instance);
  }
  if (!result.ok) throw pluginAnswerError(pluginId, method, result.error);
  let message: MessageShape<DescMessage>;
  try {
    message = decodeMessage(descriptor.output, result.output);
  } catch (cause) {
    throw new NdpError('PLUGIN_ERROR', `plugin "${pluginId}" answered ${method} with a malformed response`, {
      cause,
      details: { pluginId, method },
    });
  }
  const errorText = (message as { error?: unknown }).error;
  if (typeof errorText === 'string' && errorText !== '') throw pluginAnswerError(pluginId, method, errorText);
  return { bytes: result.output, message };
}

// Waits for an instance within the call's deadline; a deadline used up by the wait (or by making the instance)
// is POOL_TIMEOUT, never a guest timeout of "1 ms".
async function acquire(
  version: PluginVersion,
  method: string,
  deadline: CallDeadline,
): Promise<PluginInstance> {
  const spent: DeadlineSpent = { pluginId: version.id, method, deadline, phaseStartedAt: Date.now() };
  if (deadline.expired()) throw acquireTimeoutError(spent);
  let instance: PluginInstance;
  try {
    instance = await version.pool.acquire({ deadline: deadline.at });
  } catch (error) {
    if (NdpError.is(error, 'POOL_TIMEOUT')) throw acquireTimeoutError(spent, error);
    if (NdpError.is(error, 'GUEST_TIMEOUT')) throw runTimeoutError(spent, error, 'instantiate');
    throw error;
  }
  if (deadline.expired()) {
    version.pool.release(instance);
    throw acquireTimeoutError(spent);
  }
  return instance;
}
