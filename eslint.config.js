import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import ndp from './tools/eslint-rules/module-boundaries.mjs';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/dist-worker/**',
      '**/gen/**',
      '.nx/**',
      '.reports/**',
      'data/**',
      '**/assembly/**',
      'examples/**/*.ts',
      // The embedding example is a Node application (TypeScript tests), not AssemblyScript.
      '!examples/embedding/**/*.ts',
      'tools/lint-fixtures/**',
      'tools/fixtures/engine/*.ts',
      'tools/fixtures/plugins/**',
      '**/fixtures/**/*.as.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { ndp },
    rules: {
      'ndp/module-boundaries': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        performance: 'readonly',
        WebAssembly: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        AbortController: 'readonly',
      },
    },
  },
  {
    // The admin page's script runs in the browser.
    files: ['apps/host/admin/**/*.js'],
    languageOptions: {
      globals: {
        document: 'readonly',
        sessionStorage: 'readonly',
        fetch: 'readonly',
        confirm: 'readonly',
        location: 'readonly',
      },
    },
  },
);
