// libs/protocol/assembly/gen/abi.ts: the ABI names as AssemblyScript constants, for guests and the PDK.
import { generatedHeader } from './generated-header.mjs';
import { constantName } from './naming.mjs';

/**
 * @param {import('./contract.mjs').ContractModel} model
 * @param {{ asOut: string }} out
 */
export function generateAsAbi(model, out) {
  const q = (s) => `'${s}'`;
  const lines = [
    '/** The plugin API version this contract defines. */',
    `export const API_VERSION: i32 = ${model.apiVersion};`,
    '',
    '/** The wasm import module of the Extism kernel functions. */',
    `export const GUEST_ENV_MODULE: string = ${q(model.kernelModule)};`,
    '',
    '/** The wasm import module of every host-service function. */',
    `export const HOST_USER_MODULE: string = ${q(model.hostModule)};`,
    '',
    '/** Every capability a manifest may declare, in contract order. */',
    `export const CAPABILITY_NAMES: string[] = [${model.capabilities.map((c) => q(c.name)).join(', ')}];`,
    '',
    '/** Every permission that links a host service, in contract order. */',
    `export const PERMISSION_NAMES: string[] = [${model.hostServices.map((h) => q(h.permission)).join(', ')}];`,
  ];
  for (const c of model.capabilities) {
    lines.push('', `// Capability ${c.name}: the exports a guest provides.`);
    for (const m of c.methods) {
      lines.push(
        `/** Export of ${c.name}.${m.method}. */`,
        `export const ${constantName(m.exportName)}: string = ${q(m.exportName)};`,
      );
    }
  }
  for (const h of model.hostServices) {
    lines.push(
      '',
      `// Host service ${h.service.name} (permission "${h.permission}"): imports of HOST_USER_MODULE.`,
    );
    for (const m of h.methods) {
      lines.push(
        `/** Import of ${h.service.name}.${m.method}. */`,
        `export const ${constantName(m.importName)}: string = ${q(m.importName)};`,
      );
    }
  }
  const sources = new Set(
    [...model.capabilities, ...model.hostServices].map((s) => `${s.service.file.name}.proto`),
  );
  return { name: `${out.asOut}/abi.ts`, content: `${generatedHeader([...sources])}\n${lines.join('\n')}\n` };
}
