import { crc32, deflateRawSync } from 'node:zlib';

/** One entry of a hand-made ZIP; every field a hostile archive might lie about can be set. */
export interface RawZipEntry {
  /** The raw name bytes (a string is written as UTF-8). */
  readonly name: string | Uint8Array;
  readonly data?: Uint8Array | string;
  /** Deflate the data (method 8) instead of storing it. Default false. */
  readonly deflate?: boolean;
  /** The uncompressed size written in the headers; default: the real one. */
  readonly declaredSize?: number;
  /** `versionMadeBy`; default 0x031e (Unix, 3.0). */
  readonly versionMadeBy?: number;
  /** `externalFileAttributes`; default a regular file 0644 (a folder 0755 when the name ends with `/`). */
  readonly externalAttributes?: number;
  /** General purpose flags; default 0x800 (UTF-8 names). Bit 0 marks the entry encrypted. */
  readonly flags?: number;
}

/**
 * Builds ZIP bytes by hand, byte for byte, for tests of the package reader: yazl refuses the names and headers
 * these tests need (`../x`, absolute paths, symlink modes, lying sizes). Local headers mirror the central
 * directory, so only the lie under test differs from a valid archive.
 */
export function rawZip(entries: readonly RawZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = typeof e.name === 'string' ? Buffer.from(e.name, 'utf8') : Buffer.from(e.name);
    const data =
      typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : Buffer.from(e.data ?? new Uint8Array());
    const body = e.deflate ? deflateRawSync(data) : data;
    const isDir = name.at(-1) === 0x2f;
    const size = e.declaredSize ?? data.length;
    const flags = e.flags ?? 0x800;
    const method = e.deflate ? 8 : 0;
    const crc = crc32(data) >>> 0;
    const attributes = e.externalAttributes ?? (isDir ? (0o040755 << 16) | 0x10 : 0o100644 << 16) >>> 0;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.deflate ? body.length : size, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(e.versionMadeBy ?? 0x031e, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.deflate ? body.length : size, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30);
    central.writeUInt16LE(0, 32);
    central.writeUInt16LE(0, 34);
    central.writeUInt16LE(0, 36);
    central.writeUInt32LE(attributes, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
