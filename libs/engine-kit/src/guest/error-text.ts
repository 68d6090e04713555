const decoder = new TextDecoder('utf-8');

/**
 * The error text of `bytes` (UTF-8; the first bytes of a text `totalBytes` long), at most `maxBytes` of it:
 * longer text is cut at a character boundary and marked `… [truncated, N bytes]` with N = `totalBytes`. Only the
 * kept bytes are decoded, so the caller need not copy more than `maxBytes + 1` of them.
 */
export function errorText(bytes: Uint8Array, maxBytes: number, totalBytes = bytes.length): string {
  if (totalBytes <= maxBytes) return decoder.decode(bytes);
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) so a multi-byte character is not split.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return `${decoder.decode(bytes.subarray(0, end))}… [truncated, ${totalBytes} bytes]`;
}
