/**
 * Names the inline transform adds to a guest and the inline driver relies on. The import module is ours (never
 * `env`, which Extism guests must not import); the domain's import check runs on the original module, which
 * never contains these.
 */
export const INLINE_ABI = {
  /** Import module of the deadline check. */
  module: 'ndp:inline',
  /** `ndp:inline.check: () -> ()`, called when the fuel runs out; throws at the deadline, may suspend to yield. */
  check: 'check',
  checkInternal: 'ndp:inline:check',
  /** The fuel counter, an exported mutable i32 global that the check refills. */
  fuelInternal: 'ndp:inline:fuel',
  fuelExport: 'ndp:inline/fuel',
  /** The guest memory, exported again under our name so the driver reaches it whatever the guest exports. */
  memoryExport: 'ndp:inline/memory',
  /** Variant names in the module cache; bump the version when the transform changes. */
  cacheVariant: (yielding: boolean, pages: number, tableElements: number): string =>
    `inline-v1${yielding ? '-yield' : ''}-${pages}p-${tableElements}t`,
} as const;
