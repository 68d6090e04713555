// Protobuf wire types (the low three bits of a tag).

/** int32, int64, uint32, uint64, sint32, sint64, bool, enum. */
export const WIRE_VARINT: u32 = 0;
/** fixed64, sfixed64, double. */
export const WIRE_I64: u32 = 1;
/** string, bytes, messages, packed repeated scalars, map entries. */
export const WIRE_LEN: u32 = 2;
/** Start of a (deprecated) group: only ever skipped. */
export const WIRE_SGROUP: u32 = 3;
/** End of a (deprecated) group. */
export const WIRE_EGROUP: u32 = 4;
/** fixed32, sfixed32, float. */
export const WIRE_I32: u32 = 5;
