const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-';

/**
 * A random 10-character id (64-symbol alphabet, 60 bits) for schedules and connections a plugin did not name.
 * Guarantees: URL- and key-safe characters only. Does not guarantee uniqueness beyond the odds of 60 random bits.
 */
export function randomId(length = 10): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte & 63];
  return id;
}
