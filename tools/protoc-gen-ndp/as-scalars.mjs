// How each protobuf scalar type looks in AssemblyScript: its type, default, reader/writer method,
// wire type, "is set" test (proto3 implicit presence) and JSON printer.
import { ScalarType } from '@bufbuild/protobuf';

/**
 * @typedef {{ as: string, def: string, io: string, wire: number, json: string, isSet: (v: string) => string,
 *   packable: boolean }} AsScalar
 */

const num = (as, def, io, wire, json) => ({
  as,
  def,
  io,
  wire,
  json,
  isSet: (v) => `${v} != 0`,
  packable: true,
});

/** @type {Record<number, AsScalar>} */
const SCALARS = {
  [ScalarType.DOUBLE]: num('f64', '0.0', 'double', 1, 'jsonF64'),
  [ScalarType.FLOAT]: num('f32', '0.0', 'float', 5, 'jsonF32'),
  [ScalarType.INT64]: num('i64', '0', 'int64', 0, 'jsonI64'),
  [ScalarType.UINT64]: num('u64', '0', 'uint64', 0, 'jsonU64'),
  [ScalarType.INT32]: num('i32', '0', 'int32', 0, 'jsonI32'),
  [ScalarType.FIXED64]: num('u64', '0', 'fixed64', 1, 'jsonU64'),
  [ScalarType.FIXED32]: num('u32', '0', 'fixed32', 5, 'jsonU32'),
  [ScalarType.BOOL]: {
    as: 'bool',
    def: 'false',
    io: 'bool',
    wire: 0,
    json: 'jsonBool',
    isSet: (v) => v,
    packable: true,
  },
  [ScalarType.STRING]: {
    as: 'string',
    def: "''",
    io: 'string',
    wire: 2,
    json: 'jsonString',
    isSet: (v) => `${v}.length > 0`,
    packable: false,
  },
  [ScalarType.BYTES]: {
    as: 'Uint8Array',
    def: 'new Uint8Array(0)',
    io: 'bytes',
    wire: 2,
    json: 'jsonBytes',
    isSet: (v) => `${v}.length > 0`,
    packable: false,
  },
  [ScalarType.UINT32]: num('u32', '0', 'uint32', 0, 'jsonU32'),
  [ScalarType.SFIXED32]: num('i32', '0', 'sfixed32', 5, 'jsonI32'),
  [ScalarType.SFIXED64]: num('i64', '0', 'sfixed64', 1, 'jsonI64'),
  [ScalarType.SINT32]: num('i32', '0', 'sint32', 0, 'jsonI32'),
  [ScalarType.SINT64]: num('i64', '0', 'sint64', 0, 'jsonI64'),
};

/**
 * @param {number} type a ScalarType
 * @returns {AsScalar}
 */
export function asScalar(type) {
  const s = SCALARS[type];
  if (!s) throw new Error(`unsupported scalar type ${type}`);
  return s;
}

/**
 * The JSON expression of a map key (always a JSON string).
 * @param {number} type the key's ScalarType
 * @param {string} v the AssemblyScript expression of the key
 */
export function jsonMapKey(type, v) {
  if (type === ScalarType.STRING) return `jsonString(${v})`;
  if (type === ScalarType.BOOL) return `(${v} ? '"true"' : '"false"')`;
  return `'"' + ${v}.toString() + '"'`;
}
