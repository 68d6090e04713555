// libs/protocol/src/gen/index.ts: re-exports every protoc-gen-es module and the ABI tables.
import { generatedHeader } from './generated-header.mjs';
import { relativeSpecifier } from './paths.mjs';

/**
 * @param {import('@bufbuild/protobuf').DescFile[]} files
 * @param {{ tsOut: string }} out
 */
export function generateTsIndex(files, out) {
  const name = `${out.tsOut}/index.ts`;
  const lines = files
    .map((f) => f.name)
    .sort()
    .map((f) => `export * from '${relativeSpecifier(name, `${out.tsOut}/${f}_pb.js`)}';`);
  lines.push(`export * from './abi.js';`);
  return { name, content: `${generatedHeader(files.map((f) => `${f.name}.proto`))}\n${lines.join('\n')}\n` };
}
