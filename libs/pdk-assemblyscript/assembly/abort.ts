// AssemblyScript's abort handler for Extism hosts, which provide no `env` module: build with
//   --use abort=@ndp/pdk-assemblyscript/assembly/abort/pdkAbort
// and the module never imports `env.abort`. The failure reaches the host as the call's error text.
import { error_set } from './env';
import { storeString } from './memory';

/**
 * Reports an AssemblyScript abort (failed assertion, out-of-bounds access, bad cast ...) through `error_set`
 * as `abort: <message> at <file>:<line>:<column>`, then traps. Never returns.
 */
export function pdkAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  let text = 'abort: ' + (message != null ? message : 'unknown');
  if (fileName != null) text += ' at ' + fileName + ':' + line.toString() + ':' + column.toString();
  error_set(storeString(text));
  unreachable();
}
