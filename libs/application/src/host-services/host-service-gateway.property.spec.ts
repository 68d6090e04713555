// Property test of the host-service gateway: a guest hands every host function bytes of its own choosing. Each
// one must answer a well-formed response message, or reject with an Error (which fails the guest call); it must
// never answer bytes its own response type cannot decode.
import { parseManifest, unwrap } from '@ndp/domain';
import {
  InMemoryCache,
  InMemoryScheduler,
  RecordingLogger,
  FakeHttpClient,
  FakeWebSocketClient,
  FixedClock,
  StaticConfigSource,
  fakeArtworkUrls,
} from '@ndp/ports/testing';
import { HOST_SERVICES, type DescMessage } from '@ndp/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../codec/proto-codec.js';
import { HostServiceGateway } from './host-service-gateway.js';

const RUNS = { numRuns: 400, interruptAfterTimeLimit: 20_000 };

const manifest = unwrap(
  parseManifest(
    JSON.stringify({
      name: 'fuzz',
      author: 'a',
      version: '1.0.0',
      description: 'd',
      capabilities: ['MetadataAgent'],
      permissions: { http: {}, config: {}, scheduler: {}, websocket: {}, cache: {}, artwork: {} },
    }),
    'm.json',
  ),
).manifest;

const gateway = new HostServiceGateway({
  deps: {
    http: new FakeHttpClient(),
    cache: new InMemoryCache(),
    clock: new FixedClock(Date.UTC(2025, 0, 2, 3, 4, 5, 120), 'Europe/Paris'),
    artwork: fakeArtworkUrls,
  },
  scheduler: new InMemoryScheduler(),
  websocket: new FakeWebSocketClient(),
  configSource: new StaticConfigSource(),
  logger: new RecordingLogger(),
  httpMaxResponseBytes: 1024,
  generateId: () => 'generated',
});
const functions = gateway.hostFunctionsFor(manifest);

/** Every linked host function with the message type its answer must decode as. */
const linked: { name: string; output: DescMessage }[] = Object.values(HOST_SERVICES).flatMap((service) =>
  Object.values(service.methods).map((m) => ({ name: m.importName, output: m.output as DescMessage })),
);

describe('HostServiceGateway, properties', () => {
  it('links every host function when every permission is granted', () => {
    expect(Object.keys(functions).sort()).toEqual(linked.map((l) => l.name).sort());
  });

  it('any request bytes: a decodable response or a rejected promise with an Error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...linked), fc.uint8Array({ maxLength: 120 }), async (fn, bytes) => {
        const handler = functions[fn.name]!;
        let answer: Uint8Array;
        try {
          answer = await handler(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
          return;
        }
        expect(() => decodeMessage(fn.output, answer)).not.toThrow();
      }),
      RUNS,
    );
  });
});
