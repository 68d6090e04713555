import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

const conditions = ['@ndp/source'];
// examples/embedding is an application outside the workspaces (it depends on @ndp/host as a user would).
const projectRoots = ['libs', 'apps', 'tools', 'benchmarks', 'examples/embedding'].flatMap((top) =>
  top === 'tools' || top === 'benchmarks' || top === 'examples/embedding'
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
