/** base64url: letters, digits, `-` and `_` only, so `.` can separate the parts of an id. */
const part = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

/**
 * The BullMQ ids of one schedule, deterministic from the plugin and schedule ids (each base64url-encoded, so
 * any id is allowed and no two schedules share an id; BullMQ refuses `:` in ids, base64url has none):
 * - one-time: job `once.<plugin>.<schedule>.<generation>`, where the generation grows on every `scheduleOnce`,
 *   so a replacing job never collides with the one it replaces while that one is still running;
 * - recurring: job scheduler `rec.<plugin>.<schedule>` (BullMQ names its jobs `repeat:<id>:<slot ms>`).
 */
export function onceJobId(pluginId: string, scheduleId: string, generation: number): string {
  return `once.${part(pluginId)}.${part(scheduleId)}.${generation}`;
}

/** See {@link onceJobId}. */
export function jobSchedulerId(pluginId: string, scheduleId: string): string {
  return `rec.${part(pluginId)}.${part(scheduleId)}`;
}

/**
 * The Redis hash listing one plugin's schedules (field: schedule id, value: a {@link RegistryEntry}), under
 * `<prefix>:registry:p:`, apart from BullMQ's own keys (`<prefix>:schedules:*`).
 */
export function registryKey(prefix: string, pluginId: string): string {
  return `${prefix}:registry:p:${part(pluginId)}`;
}

/** The counter of schedule generations. */
export function generationKey(prefix: string): string {
  return `${prefix}:registry:generation`;
}

/** What the registry keeps about one schedule. */
export interface RegistryEntry {
  readonly kind: 'once' | 'recurring';
  /** Grows on every (re)scheduling; a firing whose generation is not the current one is stale. */
  readonly gen: number;
  readonly expression?: string;
  /** When a one-time schedule is due (ms since the epoch). */
  readonly dueAt?: number;
}

/** Reads a registry value; undefined for anything this version did not write. */
export function parseEntry(raw: string | null | undefined): RegistryEntry | undefined {
  if (raw === null || raw === undefined) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<RegistryEntry>;
    if ((value.kind === 'once' || value.kind === 'recurring') && typeof value.gen === 'number') {
      return value as RegistryEntry;
    }
  } catch {
    // fall through
  }
  return undefined;
}
