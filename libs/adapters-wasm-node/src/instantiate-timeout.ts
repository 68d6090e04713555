import { NdpError } from '@ndp/domain';

/**
 * The error of an instantiation that ran past its deadline: its start function or `_initialize` looped, or (with
 * `why`) it never started, waiting for a worker.
 */
export function instantiateTimeout(
  pluginId: string,
  timeoutMs: number,
  cause?: unknown,
  why = 'its start function or _initialize',
): NdpError {
  return new NdpError(
    'GUEST_TIMEOUT',
    `plugin "${pluginId}" did not finish instantiating within ${timeoutMs} ms (${why})`,
    { cause, details: { pluginId } },
  );
}
