import { createHash } from 'node:crypto';
import { capMemoryPages, capTableElements, readModuleInfo, type WasmModuleInfo } from '@ndp/domain';

/** A module ready to instantiate on the Extism engine: analysed, memory-capped and compiled. */
export interface PreparedModule {
  /** Lower-case hex SHA-256 of the original bytes. */
  readonly hash: string;
  readonly info: WasmModuleInfo;
  /** Compiled from the capped bytes; it is structured-cloned to each worker without recompiling. */
  readonly module: WebAssembly.Module;
  /** The ceiling the module's declared memory maximum was rewritten to, in bytes. */
  readonly memoryLimitBytes: number;
}

/** Hex SHA-256 of a module's bytes. */
export function moduleHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Analyses a module, rewrites its memory maximum and its tables' maximum to the ceilings (so `memory.grow` and
 * `table.grow` fail inside the guest instead of eating the host) and compiles it. Rejects with the engine-neutral reason when the bytes are not a module.
 */
export async function prepareModule(
  bytes: Uint8Array,
  memoryLimitBytes: number,
  maxTableElements: number,
): Promise<PreparedModule> {
  const info = readModuleInfo(bytes);
  const capped = capTableElements(
    capMemoryPages(bytes, Math.floor(memoryLimitBytes / 65_536)),
    maxTableElements,
  );
  const module = await WebAssembly.compile(capped);
  return { hash: moduleHash(bytes), info, module, memoryLimitBytes };
}
