import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { NdpError } from '@ndp/domain';

/** The absolute path of a `.ndp` argument; throws `PACKAGE_INVALID` when it does not end in .ndp or is missing. */
export function requireNdpFile(file: string): string {
  const path = resolve(file);
  if (!path.toLowerCase().endsWith('.ndp')) {
    throw new NdpError(
      'PACKAGE_INVALID',
      `${file} is not a .ndp package (build one with "ndp pack <folder>")`,
      {
        details: { file: path },
      },
    );
  }
  if (!existsSync(path)) {
    throw new NdpError('PACKAGE_INVALID', `${path} does not exist`, { details: { file: path } });
  }
  return path;
}
