import { NdpError } from '../errors/ndp-error.js';
import { err, ok, type Result } from '../result.js';
import { formatSignature, type WasmImport } from '../wasm/wasm-binary.js';
import { expectedSignature, sameSignature } from './import-signatures.js';

/** A load error found in the kinds or signatures of a module's imports. */
export type ImportShapeError = NdpError<'IMPORT_INVALID'>;

/**
 * Checks what a module imports against what ndp links, before any engine sees it, and reports every problem:
 * - a memory, table, global or tag import → `IMPORT_INVALID` (ndp provides functions only; a plugin defines its
 *   own memory, which is where the memory ceiling is written);
 * - an Extism kernel function (`extism:host/env`) or host function (`extism:host/user`) imported with a signature
 *   other than ndp's → `IMPORT_INVALID` naming the import, the signature found and the one expected.
 * Unknown imports are not its business (`checkModuleImports` names them); WASI signatures are the engine's.
 */
export function checkImportShapes(
  pluginId: string,
  imports: readonly WasmImport[],
): Result<readonly WasmImport[], readonly ImportShapeError[]> {
  const problems: ImportShapeError[] = [];
  for (const imp of imports) {
    const where = `${imp.module}.${imp.name}`;
    const details = { pluginId, module: imp.module, name: imp.name, kind: imp.kind };
    if (imp.kind !== 'function') {
      problems.push(
        new NdpError(
          'IMPORT_INVALID',
          `plugin "${pluginId}" imports a ${imp.kind} (${where}); ndp provides only functions to plugins: the ` +
            `module must define its own ${imp.kind === 'memory' ? 'memory (rebuild without an imported memory)' : imp.kind}`,
          { details },
        ),
      );
      continue;
    }
    const expected = expectedSignature(imp.module, imp.name);
    if (expected && imp.signature && !sameSignature(expected, imp.signature)) {
      problems.push(
        new NdpError(
          'IMPORT_INVALID',
          `plugin "${pluginId}" imports ${where} with the signature ${formatSignature(imp.signature)}, but ndp ` +
            `provides ${formatSignature(expected)}; rebuild the plugin with a PDK that matches this host`,
          {
            details: {
              ...details,
              found: formatSignature(imp.signature),
              expected: formatSignature(expected),
            },
          },
        ),
      );
    }
  }
  return problems.length > 0 ? err(problems) : ok(imports);
}
