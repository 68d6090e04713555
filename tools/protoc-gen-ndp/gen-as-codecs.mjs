// AssemblyScript message classes with protobuf binary codecs and a canonical-JSON printer, one file per
// .proto file. The class shape is a contract with the PDK: fields named lowerCamelCase, proto3 defaults,
// `static decode(buf)`, `encode()`, `toJSON()`.
import { generatedHeader } from './generated-header.mjs';
import { asScalar, jsonMapKey } from './as-scalars.mjs';
import { localTypeName, relativeSpecifier } from './paths.mjs';
import { lowerCamelCase } from './naming.mjs';

/** Names a generated field may not take: the class's own members and words AssemblyScript reserves. */
const RESERVED = new Set([
  'decode',
  'encode',
  'read',
  'write',
  'toJSON',
  'constructor',
  'prototype',
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'new',
  'null',
  'return',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'yield',
  'let',
  'static',
  'implements',
  'interface',
  'package',
  'private',
  'protected',
  'public',
  'type',
  'declare',
  'namespace',
  'abstract',
  'readonly',
]);

const JSON_HELPERS = [
  'jsonBool',
  'jsonBytes',
  'jsonF32',
  'jsonF64',
  'jsonI32',
  'jsonI64',
  'jsonString',
  'jsonU32',
  'jsonU64',
];

/**
 * The AssemblyScript field name of a proto field.
 * @param {import('@bufbuild/protobuf').DescField} field
 */
export function asFieldName(field) {
  const n = lowerCamelCase(field.name);
  return RESERVED.has(n) ? `${n}_` : n;
}

/**
 * Every message of a file that becomes a class (nested ones included, map entries excluded).
 * @param {import('@bufbuild/protobuf').DescFile} file
 */
export function classMessages(file) {
  const out = [];
  const visit = (m) => {
    if (m.proto.options?.mapEntry) return;
    out.push(m);
    m.nestedMessages.forEach(visit);
  };
  file.messages.forEach(visit);
  return out;
}

/**
 * @param {import('@bufbuild/protobuf').DescFile} file
 * @param {{ asOut: string, asRuntime: string, generated: Set<string> }} out
 */
export function generateAsCodecs(file, out) {
  if (file.enums.length > 0 || file.messages.some((m) => m.nestedEnums.length > 0)) {
    throw new Error(`${file.name}.proto: enums are not supported by the AssemblyScript generator`);
  }
  const name = `${out.asOut}/${file.name}.ts`;
  const messages = classMessages(file);
  const foreign = new Map(); // file name -> Set of class names
  const classRef = (m) => {
    if (m.file !== file) {
      if (!out.generated.has(m.file.name)) {
        throw new Error(
          `${file.name}.proto uses ${m.typeName} from ${m.file.name}.proto, which this run does not generate`,
        );
      }
      if (!foreign.has(m.file.name)) foreign.set(m.file.name, new Set());
      foreign.get(m.file.name).add(localTypeName(m));
    }
    return localTypeName(m);
  };
  const classes = messages.map((m) => generateClass(m, classRef));
  const rt = (mod) => relativeSpecifier(name, `${out.asRuntime}/${mod}`);
  const imports = [
    `import { Reader } from '${rt('reader')}';`,
    `import { Writer } from '${rt('writer')}';`,
    `import { ${JSON_HELPERS.join(', ')} } from '${rt('json')}';`,
    ...[...foreign.entries()].map(
      ([f, names]) =>
        `import { ${[...names].sort().join(', ')} } from '${relativeSpecifier(name, `${out.asOut}/${f}`)}';`,
    ),
  ];
  const content = `${generatedHeader([`${file.name}.proto`])}${imports.join('\n')}

${classes.join('\n\n')}
`;
  return { name, content };
}

/**
 * @param {import('@bufbuild/protobuf').DescMessage} message
 * @param {(m: import('@bufbuild/protobuf').DescMessage) => string} classRef
 */
function generateClass(message, classRef) {
  const cls = localTypeName(message);
  const decls = [];
  const reads = [];
  const writes = [];
  const jsons = [];
  for (const field of message.fields) {
    if (field.oneof || field.proto.proto3Optional) {
      throw new Error(`${message.typeName}.${field.name}: oneof and optional fields are not supported`);
    }
    const f = asFieldName(field);
    const n = field.number;
    const jk = `'${JSON.stringify(field.jsonName)}:'`;
    switch (field.fieldKind) {
      case 'scalar': {
        const s = asScalar(field.scalar);
        decls.push(`  ${f}: ${s.as} = ${s.def};`);
        reads.push(caseBlock(n, `if (wt == ${s.wire}) m.${f} = r.${s.io}();\n          else r.skip(tag);`));
        writes.push(
          `    if (${s.isSet(`this.${f}`)}) {\n      w.tag(${n}, ${s.wire});\n      w.${s.io}(this.${f});\n    }`,
        );
        jsons.push(`    parts.push(${jk} + ${s.json}(this.${f}));`);
        break;
      }
      case 'message': {
        const c = classRef(field.message);
        decls.push(`  ${f}: ${c} | null = null;`);
        reads.push(
          caseBlock(
            n,
            `if (wt == 2) {\n            const e = r.lengthEnd();\n            m.${f} = ${c}.read(r, e, m.${f});\n` +
              `            r.expectAt(e);\n          } else r.skip(tag);`,
          ),
        );
        writes.push(
          `    {\n      const v = this.${f};\n      if (v !== null) {\n        w.beginLen(${n});\n        v.write(w);\n        w.ldelim();\n      }\n    }`,
        );
        jsons.push(
          `    {\n      const v = this.${f};\n      if (v !== null) parts.push(${jk} + v.toJSON());\n    }`,
        );
        break;
      }
      case 'list': {
        if (field.listKind === 'message') {
          const c = classRef(field.message);
          decls.push(`  ${f}: Array<${c}> = new Array<${c}>();`);
          reads.push(
            caseBlock(
              n,
              `if (wt == 2) {\n            const e = r.lengthEnd();\n            m.${f}.push(${c}.read(r, e, null));\n` +
                `            r.expectAt(e);\n          } else r.skip(tag);`,
            ),
          );
          writes.push(
            `    for (let i = 0, k = this.${f}.length; i < k; i++) {\n      w.beginLen(${n});\n` +
              `      this.${f}[i].write(w);\n      w.ldelim();\n    }`,
          );
          jsons.push(listJson(jk, f, (v) => `${v}.toJSON()`));
        } else if (field.listKind === 'scalar') {
          const s = asScalar(field.scalar);
          decls.push(`  ${f}: Array<${s.as}> = new Array<${s.as}>();`);
          if (s.packable) {
            reads.push(
              caseBlock(
                n,
                `if (wt == 2) {\n            const e = r.lengthEnd();\n            while (r.pos < e) m.${f}.push(r.${s.io}());\n` +
                  `            r.expectAt(e);\n          } else if (wt == ${s.wire}) m.${f}.push(r.${s.io}());\n          else r.skip(tag);`,
              ),
            );
            const packed = field.packed;
            writes.push(
              packed
                ? `    if (this.${f}.length > 0) {\n      w.beginLen(${n});\n      for (let i = 0, k = this.${f}.length; i < k; i++) w.${s.io}(this.${f}[i]);\n      w.ldelim();\n    }`
                : `    for (let i = 0, k = this.${f}.length; i < k; i++) {\n      w.tag(${n}, ${s.wire});\n      w.${s.io}(this.${f}[i]);\n    }`,
            );
          } else {
            reads.push(caseBlock(n, `if (wt == 2) m.${f}.push(r.${s.io}());\n          else r.skip(tag);`));
            writes.push(
              `    for (let i = 0, k = this.${f}.length; i < k; i++) {\n      w.tag(${n}, 2);\n      w.${s.io}(this.${f}[i]);\n    }`,
            );
          }
          jsons.push(listJson(jk, f, (v) => `${s.json}(${v})`));
        } else {
          throw new Error(`${message.typeName}.${field.name}: enums are not supported`);
        }
        break;
      }
      case 'map': {
        const k = asScalar(field.mapKey);
        let vType, vDecl, vRead, vFinal, vWrite, vJson;
        if (field.mapKind === 'message') {
          const c = classRef(field.message);
          vType = c;
          vDecl = `let v: ${c} | null = null;`;
          vRead =
            `if (n == 2 && (t & 7) == 2) {\n              const ve = r.lengthEnd();\n              v = ${c}.read(r, ve, v);\n` +
            `              r.expectAt(ve);\n            }`;
          vFinal = `v !== null ? v : new ${c}()`;
          vWrite = (v) => `        w.beginLen(2);\n        ${v}.write(w);\n        w.ldelim();`;
          vJson = (v) => `${v}.toJSON()`;
        } else if (field.mapKind === 'scalar') {
          const s = asScalar(field.scalar);
          vType = s.as;
          vDecl = `let v: ${s.as} = ${s.def};`;
          vRead = `if (n == 2 && (t & 7) == ${s.wire}) v = r.${s.io}();`;
          vFinal = 'v';
          vWrite = (v) => `        w.tag(2, ${s.wire});\n        w.${s.io}(${v});`;
          vJson = (v) => `${s.json}(${v})`;
        } else {
          throw new Error(`${message.typeName}.${field.name}: enums are not supported`);
        }
        decls.push(`  ${f}: Map<${k.as}, ${vType}> = new Map<${k.as}, ${vType}>();`);
        reads.push(
          caseBlock(
            n,
            `if (wt == 2) {\n            const e = r.lengthEnd();\n            let k: ${k.as} = ${k.def};\n            ${vDecl}\n` +
              `            while (r.pos < e) {\n              const t = r.tag();\n              const n = t >>> 3;\n` +
              `              if (n == 1 && (t & 7) == ${k.wire}) k = r.${k.io}();\n              else ${vRead}\n              else r.skip(t);\n            }\n` +
              `            r.expectAt(e);\n            m.${f}.set(k, ${vFinal});\n          } else r.skip(tag);`,
          ),
        );
        writes.push(
          `    {\n      const keys = this.${f}.keys();\n      for (let i = 0, c = keys.length; i < c; i++) {\n` +
            `        const k = keys[i];\n        w.beginLen(${n});\n        w.tag(1, ${k.wire});\n        w.${k.io}(k);\n` +
            `${vWrite(`this.${f}.get(k)`)}\n        w.ldelim();\n      }\n    }`,
        );
        jsons.push(
          `    {\n      const keys = this.${f}.keys();\n      const a = new Array<string>(keys.length);\n` +
            `      for (let i = 0, c = keys.length; i < c; i++) {\n        const k = keys[i];\n` +
            `        a[i] = ${jsonMapKey(field.mapKey, 'k')} + ':' + ${vJson(`this.${f}.get(k)`)};\n      }\n` +
            `      parts.push(${jk} + '{' + a.join(',') + '}');\n    }`,
        );
        break;
      }
      default:
        throw new Error(`${message.typeName}.${field.name}: enums are not supported`);
    }
  }
  const unused = message.fields.length === 0;
  return `/** The ${message.typeName} message (proto3). */
export class ${cls} {
${decls.join('\n')}${decls.length ? '\n\n' : ''}  /**
   * Decodes the protobuf binary form. Unknown fields are skipped; repeated fields accept packed and
   * unpacked runs. Malformed input aborts (traps): see runtime/reader.ts.
   */
  static decode(buf: Uint8Array): ${cls} {
    const r = new Reader(buf);
    return ${cls}.read(r, r.end, null);
  }

  /** Reads fields up to \`end\` into \`into\` (or a new message); used for nesting and merging. */
  static read(r: Reader, end: i32, into: ${cls} | null): ${cls} {
    const m = into !== null ? into : new ${cls}();
    while (r.pos < end) {
      const tag = r.tag();
${unused ? '      r.skip(tag);' : `      const wt = tag & 7;\n      switch (tag >>> 3) {\n${reads.join('\n')}\n        default:\n          r.skip(tag);\n      }`}
    }
    return m;
  }

  /** Encodes the protobuf binary form: proto3 defaults are not written, repeated scalars are packed. */
  encode(): Uint8Array {
    const w = new Writer();
    this.write(w);
    return w.finish();
  }

  /** Writes this message's fields (without a length prefix) to \`w\`. */
  write(w: Writer): void {
${unused ? '    // no fields' : writes.join('\n')}
  }

  /** The proto3 canonical JSON form, every field included (protobuf-es \`alwaysEmitImplicit\`). */
  toJSON(): string {
${unused ? "    return '{}';" : `    const parts = new Array<string>();\n${jsons.join('\n')}\n    return '{' + parts.join(',') + '}';`}
  }
}`;
}

function caseBlock(n, body) {
  return `        case ${n}: {\n          ${body}\n          break;\n        }`;
}

function listJson(jk, f, item) {
  return (
    `    {\n      const a = new Array<string>(this.${f}.length);\n` +
    `      for (let i = 0, c = this.${f}.length; i < c; i++) a[i] = ${item(`this.${f}[i]`)};\n` +
    `      parts.push(${jk} + '[' + a.join(',') + ']');\n    }`
  );
}
