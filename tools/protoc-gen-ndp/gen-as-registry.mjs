// <as out>/registry.ts: every generated message addressable by a numeric id, so one wasm export can decode,
// re-encode or print any of them (the cross-language conformance harness uses it).
import { generatedHeader } from './generated-header.mjs';
import { classMessages } from './gen-as-codecs.mjs';
import { fileIdent, localTypeName, relativeSpecifier } from './paths.mjs';

/**
 * @param {import('@bufbuild/protobuf').DescFile[]} files
 * @param {{ asOut: string }} out
 */
export function generateAsRegistry(files, out) {
  const name = `${out.asOut}/registry.ts`;
  const sorted = [...files].sort((a, b) => a.name.localeCompare(b.name));
  const entries = sorted.flatMap((f) => classMessages(f).map((m) => ({ f, m })));
  const imports = sorted.map(
    (f) => `import * as ${fileIdent(f)} from '${relativeSpecifier(name, `${out.asOut}/${f.name}`)}';`,
  );
  const ref = ({ f, m }) => `${fileIdent(f)}.${localTypeName(m)}`;
  const cases = (expr) => entries.map((e, i) => `    case ${i}:\n      return ${expr(ref(e))};`).join('\n');
  const content = `${generatedHeader(sorted.map((f) => `${f.name}.proto`))}${imports.join('\n')}

/** Full protobuf names of the messages, indexed by type id. */
export const MESSAGE_NAMES: string[] = [
${entries.map(({ m }) => `  '${m.typeName}',`).join('\n')}
];

/** Decodes \`buf\` as message \`id\` and encodes it again. */
export function reencode(id: i32, buf: Uint8Array): Uint8Array {
  switch (id) {
${cases((c) => `${c}.decode(buf).encode()`)}
    default:
      throw new Error('unknown message id');
  }
}

/** Decodes \`buf\` as message \`id\` and prints its canonical JSON form. */
export function describe(id: i32, buf: Uint8Array): string {
  switch (id) {
${cases((c) => `${c}.decode(buf).toJSON()`)}
    default:
      throw new Error('unknown message id');
  }
}
`;
  return { name, content };
}
