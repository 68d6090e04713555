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

// `host_loop`: calls test_echo with its input over and over, never returning (a guest that keeps the host busy
// with host calls rather than with its own loop).
export function host_loop(): i32 {
  const request = storeBytes(readInput());
  for (;;) {
    const reply = test_echo(request);
    if (reply == 0xffffffffffffffff) break;
  }
  return 0;
}
