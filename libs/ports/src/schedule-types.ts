/** A one-time schedule: fire once, `delayMs` from now. */
export interface ScheduleOnceRequest {
  readonly pluginId: string;
  /** Non-empty; the host service generates one when the plugin passes ''. */
  readonly scheduleId: string;
  /** Milliseconds from now; `<= 0` fires at once. */
  readonly delayMs: number;
  readonly payload: Uint8Array;
}

/**
 * A recurring schedule. `expression` is one of: a 5-field cron (`min hour dom month dow`), a 6-field cron with
 * seconds first, a descriptor (`@yearly @annually @monthly @weekly @daily @midnight @hourly`) or
 * `@every <duration>` with a Go-style positive duration (`41s`, `1m30s`, `500ms`, `1h`).
 */
export interface ScheduleRecurringRequest {
  readonly pluginId: string;
  readonly scheduleId: string;
  readonly expression: string;
  readonly payload: Uint8Array;
}

/** A schedule as `list` reports it. */
export interface ScheduleInfo {
  readonly scheduleId: string;
  readonly isRecurring: boolean;
  /** The expression of a recurring schedule; absent for one-time schedules. */
  readonly expression?: string;
  /** When the next firing is due (ms since the epoch), when the adapter knows it. */
  readonly nextFireAt?: number;
}

/** One firing, as delivered to the handler given to `onFire`. */
export interface ScheduleFire {
  readonly pluginId: string;
  readonly scheduleId: string;
  readonly payload: Uint8Array;
  readonly isRecurring: boolean;
}

/** Receives firings; the promise settles when the plugin's callback has run. */
export type ScheduleFireHandler = (fire: ScheduleFire) => Promise<void>;
