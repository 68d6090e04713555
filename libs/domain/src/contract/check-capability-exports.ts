import { NdpError } from '../errors/ndp-error.js';
import type { Manifest } from '../manifest/manifest.js';
import { err, ok, type Result } from '../result.js';
import { capabilityMethods, type CapabilityMethod } from './capability.js';

/**
 * Checks a module's exports against the capabilities its manifest declares (docs/contract.md §4). A declared capability with
 * none of its methods exported is a load error (`CAPABILITY_NOT_EXPORTED`, one per capability). Otherwise
 * succeeds with the declared methods that are missing: they answer `plugin:not_implemented` without a call.
 * Exports that implement an undeclared capability are ignored (never called).
 */
export function checkCapabilityExports(
  pluginId: string,
  manifest: Pick<Manifest, 'capabilities'>,
  exports: Iterable<string>,
): Result<readonly CapabilityMethod[], readonly NdpError<'CAPABILITY_NOT_EXPORTED'>[]> {
  const exported = new Set(exports);
  const missing: CapabilityMethod[] = [];
  const problems: NdpError<'CAPABILITY_NOT_EXPORTED'>[] = [];
  for (const capability of manifest.capabilities) {
    const methods = capabilityMethods(capability);
    const absent = methods.filter((m) => !exported.has(m.exportName));
    if (absent.length === methods.length) {
      problems.push(
        new NdpError(
          'CAPABILITY_NOT_EXPORTED',
          `plugin "${pluginId}" declares ${capability} but exports none of its methods ` +
            `(expected at least one of ${methods.map((m) => m.exportName).join(', ')})`,
          { details: { pluginId, capability } },
        ),
      );
    } else {
      missing.push(...absent);
    }
  }
  return problems.length > 0 ? err(problems) : ok(Object.freeze(missing));
}
