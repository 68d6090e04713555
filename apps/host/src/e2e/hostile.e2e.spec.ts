// The hostile-module corpus (tools/hostile) against the real host as a process, on every engine setup: one host
// per setup with every hostile plugin installed beside a well-behaved control plugin. While each attack runs, the
// control plugin is called every 25 ms. Contained means: the hostile call fails with its typed error code (or a
// load is refused with its code), the host process stays up, every control call succeeds within a generous bound,
// and the host's RSS stays under a generous bound. The table of outcomes is printed at the end of each setup.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFixture } from '../../../../tools/fixtures/index.mjs';
import { HOSTILE_CASES, installHostileCorpus, type HostileCase } from '../../../../tools/hostile/index.mjs';
import { ensureHostBuilt } from './host-build.js';
import { HostProcess } from './host-process.js';
import { HostWorkspace } from './host-workspace.js';

const SETUPS = [
  { label: 'node inline', engine: 'node', executor: 'inline' },
  { label: 'node worker', engine: 'node', executor: 'worker' },
  { label: 'extism', engine: 'extism', executor: undefined },
] as const;

const ADMIN_TOKEN = 'hostile-corpus-admin';
const CALL_TIMEOUT_MS = 3_000;
/** A control call slower than this means the attack starved the host (a normal one takes milliseconds). */
const CONTROL_BOUND_MS = 2_500;
/**
 * How much one attack may grow the host's resident memory (it idles around 100–300 MiB). A growth bound, not an
 * absolute one, so that a case is judged on its own and not on what an earlier one left behind; the absolute
 * peak is in the table.
 */
const RSS_GROWTH_BOUND_BYTES = 1024 ** 3;
const PROBE_EVERY_MS = 25;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssOf(pid: number | undefined): number {
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Number(kib) * 1024 : 0;
  } catch {
    return 0; // the process is gone; the "host stays up" check reports it
  }
}

/** Calls the control plugin every 25 ms until stopped; records failures, the slowest call and the peak RSS. */
class ControlProbe {
  calls = 0;
  slowestMs = 0;
  peakRss = 0;
  readonly failures: string[] = [];
  private stopped = false;
  private readonly done: Promise<void>;

  constructor(private readonly host: HostProcess) {
    this.done = this.run();
  }

  async stop(): Promise<this> {
    this.stopped = true;
    await this.done;
    return this;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const started = Date.now();
      try {
        const res = await fetch(`${this.host.url}/api/agents/artists/biography?name=probe`, {
          signal: AbortSignal.timeout(30_000),
        });
        const body = await res.text();
        if (res.status !== 200 || !body.includes('Biography of probe'))
          this.failures.push(`status ${res.status}: ${body.slice(0, 200)}`);
      } catch (error) {
        this.failures.push(String(error));
      }
      this.calls++;
      this.slowestMs = Math.max(this.slowestMs, Date.now() - started);
      this.peakRss = Math.max(this.peakRss, rssOf(this.host.pid));
      await sleep(PROBE_EVERY_MS);
    }
  }
}

function errorCodeOf(text: string): string {
  try {
    return (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? '(no code)';
  } catch {
    return `(not JSON: ${text.slice(0, 80)})`;
  }
}

interface Outcome {
  readonly codes: string[];
  readonly bodyBytes: number;
}

async function attack(host: HostProcess, c: HostileCase): Promise<Outcome> {
  const method = c.method ?? 'GetArtistBiography';
  const codes: string[] = [];
  let bodyBytes = 0;
  for (let round = 0; round < (c.repeat ?? 1); round++) {
    const answers = await Promise.all(
      Array.from({ length: c.calls ?? 1 }, () =>
        fetch(`${host.url}/api/plugins/${c.name}/call/MetadataAgent/${method}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'hostile' }),
          signal: AbortSignal.timeout(30_000),
        }).then(async (res) => ({ status: res.status, text: await res.text() })),
      ),
    );
    for (const a of answers) {
      bodyBytes = Math.max(bodyBytes, Buffer.byteLength(a.text));
      codes.push(a.status === 200 ? 'ok' : errorCodeOf(a.text));
    }
  }
  return { codes, bodyBytes };
}

describe.each(SETUPS)('hostile corpus on $label', (setup) => {
  let workspace: HostWorkspace | undefined;
  let host: HostProcess | undefined;
  const table: string[] = [];

  beforeAll(async () => {
    await ensureHostBuilt();
    workspace = await HostWorkspace.create(`hostile-${setup.engine}`);
    await installHostileCorpus(workspace.pluginsDir);
    await installFixture('agent', workspace.pluginsDir, { folder: 'control', manifest: { name: 'control' } });
    await workspace.writeConfig({
      engine: setup.engine,
      ...(setup.executor ? { executor: setup.executor } : {}),
      agents: ['control'],
      adminToken: ADMIN_TOKEN,
      // Two guest workers, so a plugin's share of the worker pool (half) leaves one for the control plugin.
      workers: 2,
      callTimeout: `${CALL_TIMEOUT_MS}ms`,
    });
    host = await HostProcess.start({ configFile: workspace.configFile });
    await host.waitForPlugins(HOSTILE_CASES.length + 1, 120_000);
  }, 180_000);

  afterAll(async () => {
    console.log(`hostile corpus on ${setup.label}:\n${table.join('\n')}`);
    await host?.stop();
    await workspace?.remove();
  });

  it('serves GET /api/plugins without any huge manifest in it', async () => {
    const answer = await host!.request('GET', '/api/plugins');
    expect(answer.status).toBe(200);
    expect(Buffer.byteLength(answer.text)).toBeLessThan(256 * 1024);
  });

  it.each(HOSTILE_CASES.map((c) => [c.name, c] as const))(
    'contains %s',
    async (_name, c) => {
      const rssBefore = rssOf(host!.pid);
      const probe = new ControlProbe(host!);
      let verdict = '';
      try {
        if (c.expect.at === 'load') {
          await sleep(100);
          const plugins = (await host!.request('GET', '/api/plugins')).json as {
            plugins: { folder: string; state: string; error: { code: string; message: string } | null }[];
          };
          const status = plugins.plugins.find((p) => p.folder === c.name);
          verdict = `${status?.state} ${status?.error?.code}`;
          expect(status?.state, JSON.stringify(status)).toBe('failed');
          expect(status?.error?.code, status?.error?.message).toBe(c.expect.code);
        } else {
          const outcome = await attack(host!, c);
          verdict = `${[...new Set(outcome.codes)].join('/')} (body ${outcome.bodyBytes} B)`;
          const expected = c.expect.codes;
          for (const code of outcome.codes) {
            if (expected.includes('any-error')) expect(code, verdict).not.toBe('ok');
            else expect(expected, verdict).toContain(code);
          }
          if (c.expect.maxBodyBytes !== undefined)
            expect(outcome.bodyBytes, verdict).toBeLessThan(c.expect.maxBodyBytes);
        }
        await sleep(200); // let the probe see the host after the attack too
        await probe.stop();
        expect(rssOf(host!.pid), 'the host process is gone').toBeGreaterThan(0);
        expect(probe.failures, host!.output().slice(-4_000)).toEqual([]);
        expect(probe.slowestMs, `slowest control call (${probe.calls} calls)`).toBeLessThan(CONTROL_BOUND_MS);
        expect(probe.peakRss - rssBefore, 'host RSS growth during the attack').toBeLessThan(
          RSS_GROWTH_BOUND_BYTES,
        );
        table.push(
          `| ${c.name} | contained | ${verdict} | control ${probe.calls} calls, slowest ${probe.slowestMs} ms | RSS ${Math.round(rssBefore / 2 ** 20)} → ${Math.round(probe.peakRss / 2 ** 20)} MiB |`,
        );
      } catch (error) {
        await probe.stop();
        table.push(
          `| ${c.name} | NOT contained | ${verdict} | control ${probe.calls} calls, slowest ${probe.slowestMs} ms, ${probe.failures.length} failed ${probe.failures[0]?.slice(0, 120) ?? ''} | RSS ${Math.round(rssBefore / 2 ** 20)} → ${Math.round(probe.peakRss / 2 ** 20)} MiB |`,
        );
        throw error;
      }
    },
    120_000,
  );
});
