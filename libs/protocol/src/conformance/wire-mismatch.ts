// Where the two decoders legitimately differ: a known field whose wire type is not its declared one. The
// generated AssemblyScript codecs treat it as an unknown field and skip it (as the C++ and Go runtimes do);
// protobuf-es reads it by its declared type anyway. Property tests compare values only where this does not occur.
import { ScalarType, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';

function scalarWire(type: ScalarType): WireType {
  switch (type) {
    case ScalarType.DOUBLE:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return WireType.Bit64;
    case ScalarType.FLOAT:
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
      return WireType.Bit32;
    case ScalarType.STRING:
    case ScalarType.BYTES:
      return WireType.LengthDelimited;
    default:
      return WireType.Varint;
  }
}

/** True when a known field anywhere in `bytes` (nested messages and map entries included) has the wrong wire type. */
export function hasWireTypeMismatch(desc: DescMessage, bytes: Uint8Array): boolean {
  try {
    return scan(bytes, (no) => desc.fields.find((f) => f.number === no));
  } catch {
    return false; // malformed: protobuf-es refuses it, which the property handles on its own
  }
}

type Lookup = (fieldNo: number) => DescField | undefined;

function scan(bytes: Uint8Array, lookup: Lookup): boolean {
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const [no, wire] = reader.tag();
    const field = lookup(no);
    if (!field) {
      reader.skip(wire, no);
      continue;
    }
    const nested = nestedLookup(field);
    const expected = expectedWire(field);
    const packed =
      field.fieldKind === 'list' && field.listKind !== 'message' && wire === WireType.LengthDelimited;
    if (wire !== expected && !packed) return true;
    if (nested && wire === WireType.LengthDelimited) {
      if (scan(reader.bytes(), nested)) return true;
    } else reader.skip(wire, no);
  }
  return false;
}

function expectedWire(field: DescField): WireType {
  switch (field.fieldKind) {
    case 'scalar':
      return scalarWire(field.scalar);
    case 'enum':
      return WireType.Varint;
    case 'list':
      return field.listKind === 'scalar'
        ? scalarWire(field.scalar)
        : field.listKind === 'enum'
          ? WireType.Varint
          : WireType.LengthDelimited;
    default:
      return WireType.LengthDelimited;
  }
}

/** How to read the inside of a length-delimited field: a message's fields, or a map entry's key and value. */
function nestedLookup(field: DescField): Lookup | undefined {
  if (field.fieldKind === 'message') return (no) => field.message.fields.find((f) => f.number === no);
  if (field.fieldKind === 'list' && field.listKind === 'message')
    return (no) => field.message.fields.find((f) => f.number === no);
  if (field.fieldKind === 'map') {
    return (no) => {
      if (no === 1) return { fieldKind: 'scalar', scalar: field.mapKey } as DescField;
      if (no !== 2) return undefined;
      if (field.mapKind === 'scalar') return { fieldKind: 'scalar', scalar: field.scalar } as DescField;
      if (field.mapKind === 'enum') return { fieldKind: 'enum' } as DescField;
      return { fieldKind: 'message', message: field.message } as DescField;
    };
  }
  return undefined;
}
