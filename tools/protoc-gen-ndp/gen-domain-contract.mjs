// libs/domain/src/gen/contract.ts: the ABI names the domain needs, as plain constants with no imports
// (the domain may not depend on libs/protocol).
import { generatedHeader } from './generated-header.mjs';

/**
 * @param {import('./contract.mjs').ContractModel} model
 * @param {{ domainOut: string }} out
 */
export function generateDomainContract(model, out) {
  const q = (s) => JSON.stringify(s).replace(/"/g, "'");
  const capMethods = model.capabilities.map(
    (c) =>
      `  ${c.name}: [\n${c.methods
        .map((m) => `    { method: ${q(m.method)}, exportName: ${q(m.exportName)} },`)
        .join('\n')}\n  ],`,
  );
  const hostFns = model.hostServices.map(
    (h) =>
      `  ${h.permission}: [\n${h.methods
        .map(
          (m) =>
            `    { service: ${q(h.service.name)}, method: ${q(m.method)}, importName: ${q(m.importName)} },`,
        )
        .join('\n')}\n  ],`,
  );
  const sources = new Set([
    ...model.capabilities.map((c) => c.service.file.name),
    ...model.hostServices.map((h) => h.service.file.name),
  ]);
  const content = `${generatedHeader([...sources].map((s) => `${s}.proto`))}
/** The plugin API version this contract defines. */
export const API_VERSION = ${model.apiVersion} as const;

/** The wasm import module of the Extism kernel functions a guest calls. */
export const GUEST_ENV_MODULE = ${q(model.kernelModule)} as const;

/** The wasm import module of every host-service function. */
export const HOST_USER_MODULE = ${q(model.hostModule)} as const;

/** Every capability a manifest may declare, in contract order. */
export const CAPABILITY_NAMES = [${model.capabilities.map((c) => q(c.name)).join(', ')}] as const;

/** Per capability, its methods and the export a guest provides for each. */
export const CAPABILITY_METHODS = {
${capMethods.join('\n')}
} as const;

/** Every permission that links a host service, in contract order. */
export const PERMISSION_NAMES = [${model.hostServices.map((h) => q(h.permission)).join(', ')}] as const;

/** Per permission, the host functions it links (imports of {@link HOST_USER_MODULE}). */
export const HOST_FUNCTIONS = {
${hostFns.join('\n')}
} as const;
`;
  return { name: `${out.domainOut}/contract.ts`, content };
}
