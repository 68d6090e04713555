// Engine contract fixture `host_echo`: passes its input to the host function extism:host/user.test_echo and
// outputs the block it returns.
import * as env from '@ndp/pdk-assemblyscript/assembly/env';
import { readInput, storeBytes } from '@ndp/pdk-assemblyscript/assembly/memory';

@external('extism:host/user', 'test_echo')
declare function test_echo(request: u64): u64;

export function host_echo(): i32 {
  const reply = test_echo(storeBytes(readInput()));
  env.output_set(reply, reply == 0 ? 0 : env.length(reply));
  return 0;
}
