// libs/protocol/src/gen/abi.ts: the host's typed ABI tables, pointing at protoc-gen-es schemas.
import { generatedHeader } from './generated-header.mjs';
import { esSchemaName, fileIdent, relativeSpecifier } from './paths.mjs';

/**
 * @param {import('./contract.mjs').ContractModel} model
 * @param {{ tsOut: string }} out
 * @returns {{ name: string, content: string }}
 */
export function generateTsAbi(model, out) {
  const name = `${out.tsOut}/abi.ts`;
  const files = new Map();
  const ref = (message) => {
    files.set(message.file.name, message.file);
    return `${fileIdent(message.file)}.${esSchemaName(message)}`;
  };
  const q = (s) => JSON.stringify(s).replace(/"/g, "'");

  const caps = model.capabilities.map((c) => {
    const methods = c.methods.map(
      (m) =>
        `      ${m.method}: {\n        method: ${q(m.method)},\n        exportName: ${q(m.exportName)},\n` +
        `        input: ${ref(m.desc.input)},\n        output: ${ref(m.desc.output)},\n      },`,
    );
    return `  ${c.name}: {\n    name: ${q(c.name)},\n    methods: {\n${methods.join('\n')}\n    },\n  },`;
  });
  const hosts = model.hostServices.map((h) => {
    const methods = h.methods.map(
      (m) =>
        `      ${m.method}: {\n        method: ${q(m.method)},\n        importName: ${q(m.importName)},\n` +
        `        input: ${ref(m.desc.input)},\n        output: ${ref(m.desc.output)},\n      },`,
    );
    return (
      `  ${h.permission}: {\n    permission: ${q(h.permission)},\n    service: ${q(h.service.name)},\n` +
      `    methods: {\n${methods.join('\n')}\n    },\n  },`
    );
  });
  const imports = [...files.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(
      (f) => `import * as ${fileIdent(f)} from '${relativeSpecifier(name, `${out.tsOut}/${f.name}_pb.js`)}';`,
    );

  const content = `${generatedHeader([...files.keys()].map((f) => `${f}.proto`))}
${imports.join('\n')}

/** The plugin API version the host implements; a plugin built for a newer one is rejected. */
export const API_VERSION = ${model.apiVersion} as const;

/** The wasm import module of the Extism kernel functions a guest calls. */
export const GUEST_ENV_MODULE = ${q(model.kernelModule)} as const;

/** The wasm import module of every host-service function. */
export const HOST_USER_MODULE = ${q(model.hostModule)} as const;

/**
 * Every capability, in contract order, with each method's export name and protobuf-es schemas.
 * A guest implements a method by exporting \`exportName\` (no parameters, returns i32 0 = ok); the host
 * sends \`input\` and reads \`output\`.
 */
export const CAPABILITIES = {
${caps.join('\n')}
} as const;

/**
 * Every host service by the manifest permission that links it, with each method's import name (in
 * {@link HOST_USER_MODULE}) and protobuf-es schemas. A guest sends \`input\` and receives \`output\`.
 */
export const HOST_SERVICES = {
${hosts.join('\n')}
} as const;

/** The name of a capability (a manifest \`capabilities\` entry). */
export type CapabilityName = keyof typeof CAPABILITIES;

/** A manifest permission that links a host service. */
export type HostPermission = keyof typeof HOST_SERVICES;
`;
  return { name, content };
}
