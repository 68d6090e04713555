import { GUEST_ENV_MODULE, HOST_USER_MODULE } from '../gen/contract.js';
import { EXTISM_KERNEL_FUNCTIONS, WASI_PREVIEW1_FUNCTIONS, WASI_PREVIEW1_MODULE } from './guest-abi.js';
import { hostFunctionByImport } from './permission.js';

/** One import of a WebAssembly module, as a module analyser reports it. */
export interface ModuleImport {
  readonly module: string;
  readonly name: string;
}

const KERNEL: ReadonlySet<string> = new Set(EXTISM_KERNEL_FUNCTIONS);
const WASI: ReadonlySet<string> = new Set(WASI_PREVIEW1_FUNCTIONS);

/**
 * True when ndp can satisfy this import: an Extism kernel function, a WASI preview 1 function, or a host function
 * of `extism:host/user`. Says nothing about whether the plugin is permitted to use it.
 */
export function isKnownImport(imp: ModuleImport): boolean {
  switch (imp.module) {
    case GUEST_ENV_MODULE:
      return KERNEL.has(imp.name);
    case WASI_PREVIEW1_MODULE:
      return WASI.has(imp.name);
    case HOST_USER_MODULE:
      return hostFunctionByImport(imp.module, imp.name) !== undefined;
    default:
      return false;
  }
}
