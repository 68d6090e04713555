#!/usr/bin/env node
// `npx ndp ...`: runs the built CLI (`npm run build` or `npm start` builds it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  console.error('ndp: the CLI is not built yet; run `npm run build` in the repository first');
  process.exit(1);
}
await import(main.href);
