import type { NdpError } from '@ndp/domain';
import { expect } from 'vitest';
import type { ExtismHttpRequest } from '../extism-http.js';
import type { ContractCase } from './contract-case.js';
import {
  callOk,
  expectNdpError,
  loadFixture,
  rejectionOf,
  text,
  utf8,
  withEngine,
  type EngineContractSubject,
} from './engine-harness.js';
import { RecordingPluginLogger } from './recording-plugin-logger.js';

const CALL = { timeoutMs: 10_000 };
const NO_INPUT = new Uint8Array(0);

/** The lines of `logger` at `level`. */
const linesAt = (logger: RecordingPluginLogger, level: string): string[] =>
  logger.lines.filter((l) => l.level === level).map((l) => l.message);

/** The longest gap between ticks of a 10 ms interval while `body` runs: how long the main thread was held. */
async function longestStall<T>(body: () => Promise<T>): Promise<{ value: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 10);
  try {
    const value = await body();
    stallMs = Math.max(stallMs, performance.now() - last);
    return { value, stallMs };
  } finally {
    clearInterval(timer);
  }
}

/** Cases about what one call may hand the host: output, error text and log volume, and the Extism PDK imports. */
export const engineCapCases: ContractCase<EngineContractSubject>[] = [
  {
    name: 'log lines beyond the per-call caps are dropped, counted, and reported in one warning per call',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const logger = new RecordingPluginLogger();
        const flood = await loadFixture(engine, subject.fixtures, 'log_flood', {
          logger,
          maxLogLinesPerCall: 50,
        });
        await callOk(flood, 'log_flood', utf8('200 10'));
        expect(linesAt(logger, 'info')).toEqual(Array.from({ length: 50 }, () => 'a'.repeat(10)));
        const warnings = linesAt(logger, 'warn');
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toContain('150 lines (1500 bytes) were dropped');
        // The count starts again with every call.
        await callOk(flood, 'log_flood', utf8('20 10'));
        expect(linesAt(logger, 'info')).toHaveLength(70);
        expect(linesAt(logger, 'warn')).toHaveLength(1);
        await flood.close();

        const bytesLogger = new RecordingPluginLogger();
        const bytes = await loadFixture(engine, subject.fixtures, 'log_flood', {
          logger: bytesLogger,
          maxLogBytesPerCall: 100,
        });
        await callOk(bytes, 'log_flood', utf8('30 10'));
        expect(linesAt(bytesLogger, 'info')).toHaveLength(10);
        expect(linesAt(bytesLogger, 'warn')).toEqual([
          expect.stringContaining('20 lines (200 bytes) were dropped'),
        ]);
        await bytes.close();
      }),
  },
  {
    name: 'a call logging a million lines delivers only the capped lines and does not hold the main thread',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const logger = new RecordingPluginLogger();
        const flood = await loadFixture(engine, subject.fixtures, 'log_flood', { logger });
        const { stallMs } = await longestStall(() => callOk(flood, 'log_flood', utf8('1000000 8')));
        expect(linesAt(logger, 'info')).toHaveLength(1_000);
        expect(linesAt(logger, 'warn')).toEqual([
          expect.stringContaining('999000 lines (7992000 bytes) were dropped'),
        ]);
        // Generous: a busy 2-core machine; without the cap a worker engine stalls for seconds here.
        expect(stallMs, 'longest main-thread stall (ms)').toBeLessThan(3_000);
        await flood.close();
      }),
  },
  {
    name: 'an output over maxOutputBytes fails with GUEST_OUTPUT_TOO_LARGE and the instance stays usable',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const output = await loadFixture(engine, subject.fixtures, 'huge_output', { maxOutputBytes: 4096 });
        const error = await rejectionOf(output.call('huge_output', utf8('4097'), CALL));
        expectNdpError(error, 'GUEST_OUTPUT_TOO_LARGE');
        expect((error as NdpError).message).toContain('4097');
        expect(output.broken).toBe(false);
        expect(await callOk(output, 'huge_output', utf8('4096'))).toHaveLength(4096);
        await output.close();
      }),
  },
  {
    name: 'error text over maxErrorBytes is cut at a character boundary and marked with its length',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const errors = await loadFixture(engine, subject.fixtures, 'big_error', { maxErrorBytes: 1001 });
        const long = await errors.call('big_error', utf8('4000'), CALL);
        expect(long).toEqual({ ok: false, error: `${'é'.repeat(500)}… [truncated, 4000 bytes]` });
        expect(await errors.call('big_error', utf8('10'), CALL)).toEqual({ ok: false, error: 'é'.repeat(5) });
        expect(errors.broken).toBe(false);
        await errors.close();
      }),
  },
  {
    name: 'Extism http_request without a handler is refused in-band (status 0), not a trap',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const http = await loadFixture(engine, subject.fixtures, 'http_request');
        const out = text(await callOk(http, 'http_request', utf8('{"url":"https://example.com/"}')));
        expect(out.startsWith('0\n'), out).toBe(true);
        expect(out).toContain('request blocked by plugin permissions');
        expect(http.broken).toBe(false);
        await callOk(http, 'http_request', utf8('{"url":"https://example.com/"}'));
        await http.close();
      }),
  },
  {
    name: 'Extism http_request goes to the httpRequest handler; status, headers and body reach the guest',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const seen: ExtismHttpRequest[] = [];
        const http = await loadFixture(engine, subject.fixtures, 'http_request', {
          // Answers later, as a real request does: an engine must wait for it (suspend or block).
          httpRequest: (request) => {
            seen.push(request);
            return new Promise((resolve) =>
              setTimeout(resolve, 20, { status: 201, headers: { 'x-answer': 'yes' }, body: utf8('pong') }),
            );
          },
        });
        const request = '{"url":"http://127.0.0.1:9/x","method":"post","headers":{"accept":"text/plain"}}';
        expect(text(await callOk(http, 'http_request', utf8(request)))).toBe('201\n{"x-answer":"yes"}\npong');
        expect(seen).toHaveLength(1);
        expect(seen[0]).toMatchObject({
          url: 'http://127.0.0.1:9/x',
          method: 'POST',
          headers: { accept: 'text/plain' },
        });
        expect(text(seen[0]!.body)).toBe('ping');
        const bad = text(await callOk(http, 'http_request', utf8('not json')));
        expect(bad.startsWith('0\n'), bad).toBe(true);
        expect(bad).toContain('invalid http_request');
        expect(seen).toHaveLength(1);
        await http.close();
      }),
  },
  {
    name: 'a GHC-style guest has hs_init(0, 0) called after _initialize',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const ghc = await loadFixture(engine, subject.fixtures, 'ghc_init');
        await callOk(ghc, 'ghc_init', NO_INPUT);
        await ghc.close();
      }),
  },
  {
    name: 'a timeout error says the deadline passed and how long the call really ran',
    run: (subject) =>
      withEngine(subject, async (engine) => {
        const loop = await loadFixture(engine, subject.fixtures, 'loop_forever');
        const error = await rejectionOf(loop.call('loop_forever', NO_INPUT, { timeoutMs: 200 }));
        expectNdpError(error, 'GUEST_TIMEOUT');
        const message = (error as NdpError).message;
        expect(message).toMatch(/ran past its 200 ms deadline and was stopped after \d+ ms/);
        expect(message).not.toMatch(/within/);
      }),
  },
];
