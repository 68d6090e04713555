#!/usr/bin/env node
// `npx ndp ...`: runs the built CLI. Right after `npm ci` nothing is built yet: the first run generates the codecs
// and builds the CLI (and what it needs) once, then carries on.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  process.stderr.write('ndp: first run: building the CLI (once)...\n');
  for (const args of [['tools/generate.mjs'], ['node_modules/typescript/bin/tsc', '-b', 'apps/cli']]) {
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) {
      process.stderr.write('ndp: the build failed (see above); run `npm run build` in the repository\n');
      process.exit(1);
    }
  }
}
await import(main.href);
