/** Appends one segment to a JSON pointer (RFC 6901), escaping `~` and `/`: `/a` + `https://x` → `/a/https:~1~1x`. */
export function appendPointer(pointer: string, segment: string | number): string {
  return `${pointer}/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}
