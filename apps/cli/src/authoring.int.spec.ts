// docs/authoring.md step by step in a temporary folder outside the repository: pack the published packages,
// `ndp new`, `npm install` of the tarballs (offline), `npm test`, `npm run pack`, `ndp install` into a running
// host, and the host answering with the new plugin. The doc's shell commands are checked against the steps run
// here, so the page and this test change together.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExamples } from '../../../tools/build-examples.mjs';
import { packPackages } from '../../../tools/pack-packages.mjs';
import { EXIT, runCli } from './cli.js';
import { ensureBuilt, REPO_ROOT, RunningHost, runNdp, writeConfig } from './e2e/cli-e2e-harness.js';

const ADMIN_TOKEN = 'authoring-admin-token';
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** The shell commands of docs/authoring.md, in order; the steps below run each of them (or its equivalent). */
const DOC_COMMANDS = [
  'npm ci && npm start',
  'npm run pack:packages',
  'alias ndp="node $PWD/apps/cli/bin/ndp.mjs"',
  'export NDP=$PWD',
  'ndp new my-agent --capability MetadataAgent',
  'cd my-agent',
  'npm install $NDP/dist/packages/*.tgz',
  'npm test',
  'npm run pack',
  'ndp --config $NDP/ndp.toml install my-agent-1.0.0.ndp',
  "curl 'http://127.0.0.1:4533/api/agents/artists/biography?name=Bj%C3%B6rk'",
];

function shellCommands(markdown: string): string[] {
  return [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) =>
    m[1]!
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#')),
  );
}

interface Run {
  readonly code: number | null;
  readonly output: string;
}

/** Runs `npm args` in `cwd` without the network (bounded in time), keeping stdout and stderr together. */
function npm(args: string[], cwd: string, timeoutMs = 240_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, {
      cwd,
      env: {
        ...process.env,
        npm_config_offline: 'true',
        npm_config_audit: 'false',
        npm_config_fund: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      // Colours are decided by the tools themselves; the assertions read plain text.
      resolve({ code, output: output.replace(ANSI_COLOUR, '') });
    });
  });
}

/**
 * Starts the project's lockfile from the repository's locked third-party versions: npm then finds every package
 * (tarballs by integrity) in its cache and needs no registry. The ndp packages come from the tarballs only.
 */
async function seedLockfile(project: string): Promise<void> {
  const repo = JSON.parse(await readFile(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { link?: boolean }>;
  };
  const pkg = JSON.parse(await readFile(join(project, 'package.json'), 'utf8')) as Record<string, unknown>;
  const packages: Record<string, unknown> = {
    '': { name: pkg['name'], version: pkg['version'], devDependencies: pkg['devDependencies'] },
  };
  for (const [path, entry] of Object.entries(repo.packages)) {
    if (path.startsWith('node_modules/') && !entry.link && !path.includes('@ndp/')) packages[path] = entry;
  }
  const lock = { name: pkg['name'], version: pkg['version'], lockfileVersion: 3, requires: true, packages };
  await writeFile(join(project, 'package-lock.json'), JSON.stringify(lock));
}

/** Runs `node src/main.mjs` of an app in `cwd` until it prints its URL; `stop()` ends it. */
async function startNodeApp(cwd: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['src/main.mjs'], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the app did not start within 120 s:\n${output}`)),
      120_000,
    );
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
      const found = /listening on (http:\/\/\S+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited with ${code}:\n${output}`));
    });
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
  return { url, output: () => output, stop };
}

describe('docs/authoring.md', () => {
  let root: string;
  let packed: Promise<string[]> | undefined;
  /** `npm run pack:packages` of this checkout, once for the tests that install the tarballs. */
  const tarballs = () =>
    (packed ??= (async () => {
      await ensureBuilt();
      return packPackages(join(root, 'packages'));
    })());

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ndp-authoring-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('lists the commands this test runs', async () => {
    const doc = await readFile(join(REPO_ROOT, 'docs', 'authoring.md'), 'utf8');
    expect(shellCommands(doc)).toEqual(DOC_COMMANDS);
    expect(doc).toContain('{"biography":"Björk, as told by my-agent."}');
  });

  it('takes a new plugin from ndp new to answers of a running host', async () => {
    const lines: string[] = [];
    const io = { out: (t: string) => void lines.push(t), err: (t: string) => void lines.push(t) };

    // 1. The packages (`npm run pack:packages`), built from this checkout.
    const packages = await tarballs();
    expect(packages.map((t) => t.split('/').pop())).toEqual(
      expect.arrayContaining([
        'ndp-host-0.1.0.tgz',
        'ndp-pdk-assemblyscript-0.1.0.tgz',
        'ndp-testkit-0.1.0.tgz',
      ]),
    );

    // 2. ndp new, npm install of the tarballs, npm test.
    const created = await runCli(['new', 'my-agent', '--capability', 'MetadataAgent'], {
      io,
      env: {},
      cwd: root,
    });
    expect(created, lines.join('\n')).toBe(EXIT.ok);
    const project = join(root, 'my-agent');
    const manifest = JSON.parse(await readFile(join(project, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: 'my-agent', capabilities: ['MetadataAgent'], permissions: {} });

    await seedLockfile(project);
    const install = await npm(['install', ...packages], project);
    expect(install.code, install.output).toBe(0);
    const test = await npm(['test'], project);
    expect(test.code, test.output).toBe(0);
    expect(test.output).toMatch(/Tests\s+2 passed/);

    // 3. npm run pack, ndp install into a running host.
    const packed = await npm(['run', 'pack'], project);
    expect(packed.code, packed.output).toBe(0);
    const file = join(project, 'my-agent-1.0.0.ndp');
    expect(existsSync(file)).toBe(true);

    // The host as `npm start` runs it: a process with its ndp.toml (here on a free port, in the temporary folder).
    const config = await writeConfig(root, ADMIN_TOKEN, 'my-agent');
    const host = await RunningHost.start(config);
    try {
      const installed = await runNdp(['--config', config, '--url', host.url, 'install', file], project);
      expect(installed.code, `${installed.stdout}\n${installed.stderr}\n${host.text()}`).toBe(0);
      expect(installed.stdout).toContain("Plugin 'my-agent' v1.0.0 installed");

      // 4. The host asks it.
      const answer = await host.get(`/api/agents/artists/biography?name=${encodeURIComponent('Björk')}`);
      expect(answer, host.text()).toEqual({
        status: 200,
        json: { biography: 'Björk, as told by my-agent.' },
      });
    } finally {
      await host.stop();
    }
  }, 900_000);

  it('runs examples/embedding outside the repository, with @ndp/host installed from the tarballs only', async () => {
    const packages = await tarballs();
    const app = join(root, 'embedding');
    await cp(join(REPO_ROOT, 'examples', 'embedding', 'package.json'), join(app, 'package.json'));
    await cp(join(REPO_ROOT, 'examples', 'embedding', 'src'), join(app, 'src'), { recursive: true });
    await seedLockfile(app);
    const install = await npm(['install', ...packages], app);
    expect(install.code, install.output).toBe(0);

    // What the installed packages must carry besides their modules: the admin page and the worker entries.
    const installed = (pkg: string, ...file: string[]) =>
      existsSync(join(app, 'node_modules', '@ndp', pkg, ...file));
    expect(installed('host', 'admin', 'index.html')).toBe(true);
    expect(installed('adapters-wasm-node', 'dist', 'worker', 'guest-worker.js')).toBe(true);
    expect(installed('adapters-wasm-node', 'dist', 'inline', 'transform-worker.js')).toBe(true);
    expect(installed('adapters-extism', 'dist', 'worker', 'extism-worker.js')).toBe(true);
    expect(existsSync(join(app, 'node_modules', '@ndp', 'host', 'src'))).toBe(false);

    await buildExamples({ outDir: join(app, 'plugins'), only: ['notes'] });
    await writeFile(join(app, 'notes.json'), JSON.stringify({ 'bio.björk': 'Icelandic singer.' }));
    const running = await startNodeApp(app, { PORT: '0' });
    try {
      const res = await fetch(`${running.url}/artists/biography?name=${encodeURIComponent('Björk')}`);
      expect(res.status, running.output()).toBe(200);
      expect(await res.json()).toEqual({ biography: 'Icelandic singer.' });
      const plugins = (await (await fetch(`${running.url}/plugins`)).json()) as {
        id: string;
        state: string;
      }[];
      expect(plugins).toEqual([expect.objectContaining({ id: 'notes', state: 'ready' })]);
    } finally {
      await running.stop();
    }
  }, 900_000);
});

describe('ndp new', () => {
  it('refuses a bad name, an unknown or missing capability, and a folder in use, with exit 2', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ndp-new-'));
    try {
      const lines: string[] = [];
      const io = { out: (t: string) => void lines.push(t), err: (t: string) => void lines.push(t) };
      const run = (...args: string[]) => runCli(['new', ...args], { io, env: {}, cwd: root });

      expect(await run('Bad Name', '--capability', 'MetadataAgent')).toBe(EXIT.usage);
      expect(lines.at(-1)).toMatch(/invalid plugin name "Bad Name"/);
      expect(await run('x', '--capability', 'Teleport')).toBe(EXIT.usage);
      expect(lines.at(-1)).toMatch(
        /unknown capability "Teleport": use one or more of MetadataAgent, Scrobbler/,
      );
      expect(await run('x')).toBe(EXIT.usage);
      expect(lines.at(-1)).toMatch(/--capability/);

      expect(await run('x', '-c', 'Scrobbler', 'LifecycleManagement', 'Scrobbler')).toBe(EXIT.ok);
      const manifest = JSON.parse(await readFile(join(root, 'x', 'manifest.json'), 'utf8'));
      expect(manifest.capabilities).toEqual(['Scrobbler', 'LifecycleManagement']);
      const source = await readFile(join(root, 'x', 'assembly', 'index.ts'), 'utf8');
      expect(source).toContain("export * from '@ndp/pdk-assemblyscript/assembly/gen/exports/scrobbler';");
      expect(source).toContain(
        "export * from '@ndp/pdk-assemblyscript/assembly/gen/exports/lifecycle_management';",
      );

      expect(await run('x', '--capability', 'MetadataAgent')).toBe(EXIT.usage);
      expect(lines.at(-1)).toMatch(/already exists and is not empty/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
