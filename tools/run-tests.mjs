// `npm test`: everything CI checks, in order, with one summary line at the end.
// Static checks (generate, lint with its boundary fixtures, format, typecheck) run first; the test suites run
// even when a static check failed, so one run reports everything. Exit status is non-zero when anything failed
// or when no test ran.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
const args = process.argv.slice(2);
const failed = [];

function step(name, cmd, cmdArgs) {
  const started = Date.now();
  console.log(`\n=== ${name}: ${cmd} ${cmdArgs.join(' ')}`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, env, stdio: 'inherit' });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    failed.push(name);
    console.log(`=== ${name} FAILED (${secs} s)`);
  } else {
    console.log(`=== ${name} ok (${secs} s)`);
  }
}

const npx = (bin) => join(root, 'node_modules', '.bin', bin);
step('generate', process.execPath, ['tools/generate.mjs']);
step('lint', npx('eslint'), ['--max-warnings=0', '.']);
step('lint boundary fixtures', process.execPath, ['tools/lint-fixtures/check.mjs']);
step('unused exports', npx('knip'), ['--no-progress']);
step('format', npx('prettier'), ['--check', '--log-level=warn', '.']);
step('typecheck', npx('tsc'), ['-b', 'tsconfig.json']);

const reports = join(root, '.reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const reportFile = join(reports, 'vitest.json');
step('tests', npx('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${reportFile}`,
  ...args,
]);

let passed = 0;
let failedTests = 0;
let skipped = 0;
if (existsSync(reportFile)) {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failedTests = report.numFailedTests ?? 0;
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A suite that failed to load has no tests to count; count it as one failure.
  for (const suite of report.testResults ?? []) {
    if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) failedTests++;
  }
}
const staticFailures = failed.filter((f) => f !== 'tests').length;
console.log('');
if (failed.length) console.log(`failed steps: ${failed.join(', ')}`);
console.log(
  `${passed} passed, ${failedTests + staticFailures} failed${skipped ? `, ${skipped} skipped` : ''}`,
);
process.exit(failed.length || failedTests || passed === 0 ? 1 : 0);
