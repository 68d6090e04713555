/** What an entry's attributes say it is. */
export type EntryFileType = 'file' | 'directory' | 'symlink' | 'other';

const UNIX_HOSTS = new Set([3, 19]); // 3 = Unix, 19 = OS X: the high 16 bits of the attributes are st_mode
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const DOS_DIRECTORY = 0x10;

/**
 * Reads the file type of a ZIP entry from `versionMadeBy` and `externalFileAttributes`, as unzip does: Unix
 * archivers keep `st_mode` in the high 16 bits (a symlink's target is then the entry's data), DOS archivers set
 * attribute bit 0x10 on folders. A name ending in `/` is a folder whatever the attributes say; a Unix mode of 0
 * (some writers leave it empty) is a plain file.
 */
export function entryFileType(entry: {
  readonly versionMadeBy: number;
  readonly externalFileAttributes: number;
  readonly nameEndsWithSlash: boolean;
}): EntryFileType {
  const host = entry.versionMadeBy >>> 8;
  const attributes = entry.externalFileAttributes >>> 0;
  if (UNIX_HOSTS.has(host)) {
    const type = (attributes >>> 16) & S_IFMT;
    if (type === S_IFLNK) return 'symlink';
    if (type === S_IFDIR) return 'directory';
    if (type !== 0 && type !== S_IFREG) return 'other';
    if (type === S_IFREG && entry.nameEndsWithSlash) return 'other';
  }
  if (entry.nameEndsWithSlash) return 'directory';
  if ((attributes & DOS_DIRECTORY) !== 0) return 'other';
  return 'file';
}
