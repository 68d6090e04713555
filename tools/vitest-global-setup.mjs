// Runs once before any test: generated code is brought up to date first, so no test can run on stale codecs,
// and the Node engine's worker entry is compiled (worker threads run JavaScript, not the TypeScript sources).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureGenerated } from './generate.mjs';

const root = join(import.meta.dirname, '..');

export default async function setup() {
  await ensureGenerated({ quiet: true });
  // Worker threads run JavaScript: build the engine kit they import, then compile each engine's worker entry
  // (and only it) for source-mode tests.
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', 'libs/engine-kit'], {
    cwd: root,
    stdio: 'inherit',
  });
  for (const project of [
    'libs/adapters-wasm-node/tsconfig.worker.json',
    'libs/adapters-extism/tsconfig.worker.json',
  ]) {
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', project], {
      cwd: root,
      stdio: 'inherit',
    });
  }
}
