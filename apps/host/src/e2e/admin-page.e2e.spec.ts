// The admin page in a real browser (Debian's chromium driven by playwright-core) against the host as a process:
// the list shows the examples with their states, a failed plugin shows its message, disabling a plugin from the
// page makes the API stop using it, a bad setting shows the schema error and keeps the old value, and a good one
// re-runs OnInit. A screenshot is kept in .reports/ as a test artefact.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExamples } from '../../../../tools/build-examples.mjs';
import { installFixture } from '../../../../tools/fixtures/index.mjs';
import { ensureHostBuilt, REPO_ROOT } from './host-build.js';
import { HostProcess } from './host-process.js';
import { HostWorkspace } from './host-workspace.js';

const CHROMIUM = process.env['NDP_CHROMIUM'] ?? '/usr/bin/chromium';
const ADMIN_TOKEN = 'page-e2e-token-31c9';
const NOTES_BIO = 'Nina Simone was an American singer and pianist.';
// The lifecycle fixture refuses OnInit while `fail` is "true"; its schema makes `fail` an enum and adds `limit`.
const LIFECYCLE_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    fail: { type: 'string', enum: ['true', 'false'], title: 'Refuse OnInit' },
    limit: { type: 'integer', minimum: 1, maximum: 100, title: 'Limit' },
    secret: { type: 'string', format: 'password', title: 'Secret' },
  },
};

describe('the admin page in Chromium', () => {
  let workspace: HostWorkspace | undefined;
  let host: HostProcess | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} not found: the admin page tests need Debian's chromium (apt-get install -y chromium), ` +
          'or NDP_CHROMIUM pointing at a Chromium binary',
      );
    }
    await ensureHostBuilt();
    workspace = await HostWorkspace.create('admin-page');
    await buildExamples({ outDir: workspace.pluginsDir, only: ['notes', 'listenbrainz'] });
    await installFixture('lifecycle', workspace.pluginsDir);
    await writeFile(
      join(workspace.pluginsDir, 'lifecycle', 'config.schema.json'),
      JSON.stringify(LIFECYCLE_SCHEMA),
    );
    await workspace.writeConfig({
      agents: ['notes'],
      adminToken: ADMIN_TOKEN,
      pluginConfig: {
        notes: { 'bio.nina simone': NOTES_BIO },
        lifecycle: { fail: 'true', limit: '5', secret: 'hunter2' },
      },
    });
    host = await HostProcess.start({ configFile: workspace.configFile });
    await host.waitForPlugins(3);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(host.url);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Open' }).click();
    await page.locator('#plugin-table tbody tr').first().waitFor();
  }, 180_000);

  afterAll(async () => {
    if (page) {
      await mkdir(join(REPO_ROOT, '.reports'), { recursive: true });
      await page
        .screenshot({ path: join(REPO_ROOT, '.reports', 'admin-page.png'), fullPage: true })
        .catch(() => {});
    }
    await browser?.close();
    await host?.stop();
    await workspace?.remove();
  });

  const row = (id: string) => page!.locator(`#plugin-table tbody tr[data-plugin="${id}"]`);

  it('lists the plugins with their states, and a failed plugin with its message', async () => {
    await expect
      .poll(() => row('notes').locator('td.state').textContent(), { timeout: 15_000 })
      .toBe('ready');
    await expect
      .poll(() => row('listenbrainz').locator('td.state').textContent(), { timeout: 15_000 })
      .toBe('ready');
    expect(await row('lifecycle').locator('td.state').textContent()).toMatch(
      /^failed: .*init refused: fail flag set/,
    );
    expect(await row('notes').textContent()).toContain('MetadataAgent');
  });

  it('shows the live figures of a plugin once it has served calls', async () => {
    const answer = await host!.request('GET', '/api/agents/artists/biography?name=Nina%20Simone');
    expect(answer.status, answer.text).toBe(200);
    // Calls are the sixth data column (after the row header): polled, so it shows within a few seconds.
    await expect
      .poll(() => row('notes').locator('td').nth(5).textContent(), { timeout: 15_000 })
      .not.toBe('0');
  });

  it('disabling a plugin from the page makes the API stop using it', async () => {
    await row('notes').getByRole('button', { name: 'notes' }).click();
    await page!.getByRole('button', { name: 'Disable' }).click();
    await expect
      .poll(() => page!.locator('#action-outcome').textContent(), { timeout: 15_000 })
      .toBe('disable: disabled');
    const answer = await host!.request('GET', '/api/agents/artists/biography?name=Nina%20Simone');
    expect(answer.status).not.toBe(200);
    expect(answer.text).not.toContain(NOTES_BIO);
    await page!.getByRole('button', { name: 'Enable' }).click();
    await expect
      .poll(() => page!.locator('#action-outcome').textContent(), { timeout: 15_000 })
      .toBe('enable: ready');
    const back = await host!.request('GET', '/api/agents/artists/biography?name=Nina%20Simone');
    expect(back.status).toBe(200);
  });

  it('refuses a setting the schema rejects, shows why, and keeps the old value', async () => {
    await row('lifecycle').getByRole('button', { name: 'lifecycle' }).click();
    await expect
      .poll(() => page!.locator('#detail-title').textContent(), { timeout: 15_000 })
      .toMatch(/^lifecycle/);
    await expect(page!.getByLabel('Secret (secret)').inputValue()).resolves.toBe(''); // never echoed back
    await page!.getByLabel('Limit (limit)').fill('0');
    await page!.getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(() => page!.locator('#settings-outcome').textContent(), { timeout: 15_000 })
      .toMatch(/^Not saved: .*limit/);
    expect(await page!.locator('#setting-limit-error').textContent()).toBe('must be >= 1');
    const detail = await host!.request('GET', '/api/admin/plugins/lifecycle', {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const settings = (detail.json as { settings: { key: string; value?: string }[] }).settings;
    expect(settings.find((s) => s.key === 'limit')?.value).toBe('5');
    expect(JSON.stringify(detail.json)).not.toContain('hunter2');
  });

  it('a good setting is saved and re-runs OnInit: the failed plugin becomes ready', async () => {
    await page!.getByLabel('Limit (limit)').fill('7');
    await page!.getByLabel('Refuse OnInit (fail)').selectOption('false');
    await page!.getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(() => page!.locator('#settings-outcome').textContent(), { timeout: 20_000 })
      .toBe('Saved; the plugin reloaded and is ready.');
    // The list refreshes every two seconds.
    await expect
      .poll(() => row('lifecycle').locator('td.state').textContent(), { timeout: 15_000 })
      .toBe('ready');
    const saved = JSON.parse(await readFile(join(workspace!.root, 'data', 'plugin-settings.json'), 'utf8'));
    expect(saved).toEqual({ lifecycle: { fail: 'false', limit: '7' } });
  });

  it('keeps the admin data behind the token', async () => {
    const answer = await host!.request('GET', '/api/admin/plugins');
    expect(answer.status).toBe(401);
  });
});
