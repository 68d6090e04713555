import { NdpError } from '@ndp/domain';

/** The error of an instantiation (start function, `_initialize`) that ran past its deadline. */
export function instantiateTimeout(pluginId: string, timeoutMs: number, cause?: unknown): NdpError {
  return new NdpError(
    'GUEST_TIMEOUT',
    `plugin "${pluginId}" did not finish instantiating within ${timeoutMs} ms (its start function or _initialize)`,
    { cause, details: { pluginId } },
  );
}
