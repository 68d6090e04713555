import { NdpError } from '@ndp/domain';
import type { CallDeadline, CallPhase } from './call-deadline.js';

/** Where a call's time went, for the error of the phase that used up its deadline. */
export interface DeadlineSpent {
  readonly pluginId: string;
  readonly method: string;
  readonly deadline: CallDeadline;
  /** When the running phase started (`Date.now()` ms). */
  readonly phaseStartedAt: number;
}

function details(spent: DeadlineSpent, phase: CallPhase, now: number) {
  return {
    pluginId: spent.pluginId,
    method: spent.method,
    phase,
    deadlineMs: spent.deadline.budgetMs,
    elapsedMs: spent.deadline.elapsedMs(now),
    phaseMs: now - spent.phaseStartedAt,
  };
}

/**
 * `POOL_TIMEOUT` for a call whose deadline ran out while it waited for an instance, or while one was being made
 * for it. The message starts with the contract's `timeout waiting for available instance`.
 */
export function acquireTimeoutError(spent: DeadlineSpent, cause?: unknown): NdpError<'POOL_TIMEOUT'> {
  const now = Date.now();
  const d = details(spent, 'acquire', now);
  const pool = NdpError.is(cause) ? cause.details : undefined;
  return new NdpError(
    'POOL_TIMEOUT',
    `timeout waiting for available instance: plugin "${spent.pluginId}" ${spent.method} waited ${d.phaseMs} ms ` +
      `for an instance (${d.elapsedMs} ms since the call started, deadline ${d.deadlineMs} ms)`,
    { cause, details: { ...pool, ...d } },
  );
}

/** `GUEST_TIMEOUT` for a guest still running (or still instantiating) at the call's deadline. */
export function runTimeoutError(
  spent: DeadlineSpent,
  cause: NdpError,
  what: 'run' | 'instantiate',
): NdpError<'GUEST_TIMEOUT'> {
  const now = Date.now();
  const d = details(spent, 'run', now);
  const doing =
    what === 'run' ? `did not finish ${spent.method}` : `did not finish instantiating for ${spent.method}`;
  return new NdpError(
    'GUEST_TIMEOUT',
    `plugin "${spent.pluginId}" ${doing} within the call's deadline of ${d.deadlineMs} ms: it ran ${d.phaseMs} ms ` +
      `after ${d.elapsedMs - d.phaseMs} ms waiting (${d.elapsedMs} ms since the call started)`,
    { cause, details: { ...cause.details, ...d, ...(what === 'instantiate' ? { phase: 'acquire' } : {}) } },
  );
}

/** `PLUGIN_NOT_READY` for a call whose deadline ran out while its plugin was still loading. */
export function loadingTimeoutError(pluginId: string, deadline: CallDeadline): NdpError<'PLUGIN_NOT_READY'> {
  const elapsedMs = deadline.elapsedMs();
  return new NdpError(
    'PLUGIN_NOT_READY',
    `plugin "${pluginId}" is still loading after ${elapsedMs} ms, the call's whole deadline ` +
      `of ${deadline.budgetMs} ms; try again shortly`,
    { details: { pluginId, phase: 'loading', elapsedMs, deadlineMs: deadline.budgetMs } },
  );
}
