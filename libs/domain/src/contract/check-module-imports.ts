import { NdpError } from '../errors/ndp-error.js';
import { permissionNotGrantedMessage } from '../errors/permission-message.js';
import type { Manifest } from '../manifest/manifest.js';
import { err, ok, type Result } from '../result.js';
import { isKnownImport, type ModuleImport } from './guest-imports.js';
import { hostFunctionByImport } from './permission.js';

/** A load error found in a module's imports. */
export type ImportError = NdpError<'PERMISSION_NOT_GRANTED' | 'IMPORT_UNKNOWN'>;

/**
 * Checks every import of a plugin module against what ndp provides and what the manifest grants (docs/contract.md §5), and
 * reports every problem, not only the first:
 * - a host function of `extism:host/user` whose permission is not in `manifest.permissions` →
 *   `PERMISSION_NOT_GRANTED` with the docs/contract.md §5 message;
 * - any other import that is not an Extism kernel function, a WASI preview 1 function or a host function →
 *   `IMPORT_UNKNOWN` naming `module.name`.
 * Succeeds with the imports unchanged. It does not look at import kinds: callers pass function imports.
 */
export function checkModuleImports(
  pluginId: string,
  manifest: Pick<Manifest, 'permissions'>,
  imports: readonly ModuleImport[],
): Result<readonly ModuleImport[], readonly ImportError[]> {
  const problems: ImportError[] = [];
  for (const imp of imports) {
    const hostFn = hostFunctionByImport(imp.module, imp.name);
    if (hostFn) {
      if (manifest.permissions[hostFn.permission] === undefined) {
        problems.push(
          new NdpError(
            'PERMISSION_NOT_GRANTED',
            permissionNotGrantedMessage(pluginId, hostFn.service, hostFn.method, hostFn.permission),
            { details: { pluginId, module: imp.module, name: imp.name, permission: hostFn.permission } },
          ),
        );
      }
    } else if (!isKnownImport(imp)) {
      problems.push(
        new NdpError(
          'IMPORT_UNKNOWN',
          `plugin "${pluginId}" imports ${imp.module}.${imp.name}, which this host does not provide; ` +
            'rebuild the plugin with a PDK that matches this host',
          { details: { pluginId, module: imp.module, name: imp.name } },
        ),
      );
    }
  }
  return problems.length > 0 ? err(problems) : ok(imports);
}
