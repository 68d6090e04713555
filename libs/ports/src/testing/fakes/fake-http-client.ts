import type { HttpClient, HttpRequest, HttpResult } from '../../http-client.js';

/** An HttpClient that records requests and answers with `respond`. Test support only. */
export class FakeHttpClient implements HttpClient {
  readonly requests: HttpRequest[] = [];
  respond: (request: HttpRequest) => HttpResult = () => ({
    ok: true,
    status: 200,
    headers: {},
    body: new Uint8Array(),
  });

  async request(request: HttpRequest): Promise<HttpResult> {
    this.requests.push(request);
    return this.respond(request);
  }
}
