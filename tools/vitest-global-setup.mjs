// Runs once before any test: generated code is brought up to date first, so no test can run on stale codecs.
import { ensureGenerated } from './generate.mjs';

export default async function setup() {
  await ensureGenerated({ quiet: true });
}
