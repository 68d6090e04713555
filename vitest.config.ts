import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

const conditions = ['@ndp/source'];
const projectRoots = ['libs', 'apps', 'tools', 'benchmarks'].flatMap((top) =>
  top === 'tools' || top === 'benchmarks'
    ? [top]
    : existsSync(top)
      ? readdirSync(top, { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => `${top}/${d.name}`)
      : [],
);

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    globalSetup: [join(import.meta.dirname, 'tools/vitest-global-setup.mjs')],
    projects: projectRoots.map((root) => ({
      extends: true,
      test: {
        name: root.split('/').pop(),
        root,
        include:
          root === 'tools' ? ['**/*.spec.ts'] : ['src/**/*.spec.ts', '*.spec.ts', 'testing/**/*.spec.ts'],
        exclude: ['**/node_modules/**', '**/dist/**', 'lint-fixtures/**'],
        testTimeout: 60_000,
        hookTimeout: 120_000,
      },
    })),
  },
});
