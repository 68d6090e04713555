// Engine contract fixture `log_level`: uses the imports newer Extism PDKs emit (get_log_level, log_trace).
// Outputs the level the host reports, in decimal, and logs "trace: <input>" at trace level.
import * as env from '@ndp/pdk-assemblyscript/assembly/env';
import { readInput, storeString, writeOutputString } from '@ndp/pdk-assemblyscript/assembly/memory';

export function log_level(): i32 {
  env.log_trace(storeString('trace: ' + String.UTF8.decode(readInput().buffer)));
  writeOutputString(env.get_log_level().toString());
  return 0;
}
