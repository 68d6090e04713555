// Engine contract fixture `http_request`: Extism's own HTTP, as the Rust, Go and Haskell PDKs call it. The input
// is the request JSON ({url, method, headers}); the body sent is "ping". Output: "<status>\n<headers JSON>\n<body>".
import * as env from '@ndp/pdk-assemblyscript/assembly/env';
import {
  readBlockString,
  readInput,
  storeBytes,
  storeString,
  writeOutputString,
} from '@ndp/pdk-assemblyscript/assembly/memory';

export function http_request(): i32 {
  const response = env.http_request(storeBytes(readInput()), storeString('ping'));
  const status = env.http_status_code();
  const headers = env.http_headers();
  const headersText = headers == 0 ? '' : readBlockString(headers);
  const body = response == 0 ? '' : readBlockString(response);
  writeOutputString(status.toString() + '\n' + headersText + '\n' + body);
  return 0;
}
