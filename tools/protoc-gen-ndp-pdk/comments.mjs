// Proto comments become TSDoc in the generated AssemblyScript, so authors see the contract in their editor.
import { getComments } from '@bufbuild/protoplugin';

/**
 * A TSDoc block (indented by `indent`) from a descriptor's leading comment plus extra lines.
 * @param {import('@bufbuild/protobuf').AnyDesc} desc
 * @param {string[]} extra
 * @param {string} indent
 * @returns {string}
 */
export function tsdoc(desc, extra, indent) {
  const own = (getComments(desc).leading ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l, i, all) => l !== '' || (i > 0 && i < all.length - 1));
  const lines = [...own, ...(own.length > 0 && extra.length > 0 ? [''] : []), ...extra];
  if (lines.length === 0) return '';
  return [
    `${indent}/**`,
    ...lines.map((l) => `${indent} *${l === '' ? '' : ' ' + l.replace(/\*\//g, '*\\/')}`),
    `${indent} */`,
    '',
  ].join('\n');
}
