// Runs once before any test: generated code is brought up to date first, so no test can run on stale codecs,
// and the Node engine's worker entry is compiled (worker threads run JavaScript, not the TypeScript sources).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureGenerated } from './generate.mjs';

const root = join(import.meta.dirname, '..');

export default async function setup() {
  await ensureGenerated({ quiet: true });
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'libs/adapters-wasm-node/tsconfig.worker.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}
