// The guest-thread half of Extism `http_request`: framing only. The main thread decodes and judges the request
// (`answerExtismHttp` of the ports); this side runs in workers, which load no workspace packages.

/** `u32le` JSON length, the request JSON, the body. */
export function httpRequestFrame(json: Uint8Array, body: Uint8Array): Uint8Array {
  const frame = new Uint8Array(4 + json.length + body.length);
  new DataView(frame.buffer).setUint32(0, json.length, true);
  frame.set(json, 4);
  frame.set(body, 4 + json.length);
  return frame;
}

/** What the guest reads back after an `http_request`. */
export interface HttpAnswer {
  readonly status: number;
  /** The response headers as a JSON object, as `http_headers` hands them to the guest. */
  readonly headersJson: Uint8Array;
  readonly body: Uint8Array;
}

/** Splits the main thread's answer (`u32le` status, `u32le` headers length, headers JSON, body). */
export function readHttpAnswer(answer: Uint8Array): HttpAnswer {
  if (answer.length < 8) {
    return { status: 0, headersJson: new Uint8Array(0), body: new TextEncoder().encode('no HTTP answer') };
  }
  const view = new DataView(answer.buffer, answer.byteOffset, answer.byteLength);
  const headersLength = view.getUint32(4, true);
  return {
    status: view.getUint32(0, true),
    headersJson: answer.slice(8, 8 + headersLength),
    body: answer.slice(8 + headersLength),
  };
}
