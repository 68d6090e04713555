import { HOST_USER_MODULE, NdpError } from '@ndp/domain';

/** One import of a module, as engines analyse it. */
interface ImportLike {
  readonly module: string;
  readonly name: string;
  readonly kind: string;
}

/**
 * Throws `COMPILE_FAILED` naming every host function (`extism:host/user`) the module imports that `provided` lacks,
 * before an instance is created: linking would fail later with a less useful message. Every engine runs it when it
 * creates an instance.
 */
export function requireHostFunctions(
  pluginId: string,
  imports: readonly ImportLike[],
  provided: Readonly<Record<string, unknown>>,
): void {
  const missing = imports.filter(
    (i) => i.module === HOST_USER_MODULE && i.kind === 'function' && !provided[i.name],
  );
  if (missing.length === 0) return;
  throw new NdpError(
    'COMPILE_FAILED',
    `plugin "${pluginId}" imports host functions that were not provided: ${missing.map((i) => i.name).join(', ')}`,
    { details: { pluginId } },
  );
}
