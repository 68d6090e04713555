import { NdpError, type NdpErrorDetails } from '@ndp/domain';

/**
 * A `PACKAGE_INVALID` error about one package file: the message starts with the file, then says what is wrong
 * (naming the entry when there is one) and what to do.
 */
export function packageError(
  file: string,
  message: string,
  details: NdpErrorDetails = {},
  cause?: unknown,
): NdpError<'PACKAGE_INVALID'> {
  return new NdpError('PACKAGE_INVALID', `package ${file}: ${message}`, {
    details: { file, ...details },
    ...(cause === undefined ? {} : { cause }),
  });
}
