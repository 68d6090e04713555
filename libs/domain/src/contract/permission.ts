import { HOST_FUNCTIONS, HOST_USER_MODULE, PERMISSION_NAMES } from '../gen/contract.js';

/** A manifest permission key that grants one host service, e.g. `http`. */
export type PermissionName = (typeof PERMISSION_NAMES)[number];

/** One host function a guest can import from `extism:host/user`, and the permission that grants it. */
export interface HostFunction {
  readonly permission: PermissionName;
  /** The protobuf service, e.g. `HttpService`. */
  readonly service: string;
  /** The protobuf method, e.g. `Get`. */
  readonly method: string;
  /** The import name in `extism:host/user`, e.g. `http_get`. */
  readonly importName: string;
}

const NAME_SET: ReadonlySet<string> = new Set(PERMISSION_NAMES);

const BY_PERMISSION: ReadonlyMap<PermissionName, readonly HostFunction[]> = new Map(
  PERMISSION_NAMES.map((permission) => [
    permission,
    Object.freeze(HOST_FUNCTIONS[permission].map((f): HostFunction => Object.freeze({ permission, ...f }))),
  ]),
);

const BY_IMPORT: ReadonlyMap<string, HostFunction> = new Map(
  [...BY_PERMISSION.values()].flat().map((f) => [f.importName, f]),
);

/** True when `value` is a known permission key (`http`, `cache`, ...). Unknown manifest keys are not. */
export function isPermissionName(value: unknown): value is PermissionName {
  return typeof value === 'string' && NAME_SET.has(value);
}

/** The host functions a permission grants. The array and its items are frozen. */
export function hostFunctionsOf(permission: PermissionName): readonly HostFunction[] {
  return BY_PERMISSION.get(permission) ?? [];
}

/**
 * The host function behind an import, or `undefined` when the import is not a host function (another module, or a
 * name ndp does not provide).
 */
export function hostFunctionByImport(module: string, name: string): HostFunction | undefined {
  return module === HOST_USER_MODULE ? BY_IMPORT.get(name) : undefined;
}
