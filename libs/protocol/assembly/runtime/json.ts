// Pieces of the proto3 canonical JSON form, shaped like protobuf-es `toJson(..., {alwaysEmitImplicit: true})`:
// 64-bit integers as decimal strings, bytes as padded standard base64, non-finite floats as "NaN",
// "Infinity", "-Infinity", map keys as strings. Numbers are printed so that they parse back to the same
// double, not necessarily with the same digits as JavaScript prints them.

/** A JSON string literal; control characters are escaped, everything else is kept as is. */
export function jsonString(s: string): string {
  let out = '"';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c != 0x22 && c != 0x5c) continue;
    out += s.substring(from, i);
    if (c == 0x22) out += '\\"';
    else if (c == 0x5c) out += '\\\\';
    else if (c == 0x0a) out += '\\n';
    else if (c == 0x0d) out += '\\r';
    else if (c == 0x09) out += '\\t';
    else out += '\\u00' + HEX.charAt(c >> 4) + HEX.charAt(c & 15);
    from = i + 1;
  }
  return out + s.substring(from) + '"';
}

const HEX = '0123456789abcdef';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Bytes as a JSON string of padded standard base64. */
export function jsonBytes(b: Uint8Array): string {
  const n = b.length;
  const parts = new Array<string>(0);
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = ((<u32>b[i]) << 16) | ((<u32>b[i + 1]) << 8) | (<u32>b[i + 2]);
    parts.push(
      B64.charAt(v >> 18) + B64.charAt((v >> 12) & 63) + B64.charAt((v >> 6) & 63) + B64.charAt(v & 63),
    );
  }
  if (n - i == 1) {
    const v = (<u32>b[i]) << 16;
    parts.push(B64.charAt(v >> 18) + B64.charAt((v >> 12) & 63) + '==');
  } else if (n - i == 2) {
    const v = ((<u32>b[i]) << 16) | ((<u32>b[i + 1]) << 8);
    parts.push(B64.charAt(v >> 18) + B64.charAt((v >> 12) & 63) + B64.charAt((v >> 6) & 63) + '=');
  }
  return '"' + parts.join('') + '"';
}

/** A double as a JSON number, or a string for NaN and the infinities; -0 stays -0. */
export function jsonF64(v: f64): string {
  if (isNaN(v)) return '"NaN"';
  if (!isFinite(v)) return v > 0 ? '"Infinity"' : '"-Infinity"';
  if (v == 0) return 1 / v < 0 ? '-0' : '0';
  return v.toString();
}

/** A float, widened exactly to a double (JavaScript holds floats as doubles). */
export function jsonF32(v: f32): string {
  return jsonF64(<f64>v);
}

export function jsonI32(v: i32): string {
  return v.toString();
}

export function jsonU32(v: u32): string {
  return v.toString();
}

/** 64-bit integers are JSON strings (they do not fit a double). */
export function jsonI64(v: i64): string {
  return '"' + v.toString() + '"';
}

export function jsonU64(v: u64): string {
  return '"' + v.toString() + '"';
}

export function jsonBool(v: bool): string {
  return v ? 'true' : 'false';
}

/** A map key: always a JSON string, whatever the key type. */
export function jsonKey(k: string): string {
  return jsonString(k);
}
