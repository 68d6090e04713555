// Proves the module-boundary rule really fails: each fixture is linted as if it lived at the path named
// by its `lint-as:` line and must produce exactly the `expect:`ed violation (or none).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const eslint = new ESLint({ cwd: root });
let failures = 0;
for (const name of readdirSync(here)
  .filter((f) => f.endsWith('.ts'))
  .sort()) {
  const text = readFileSync(join(here, name), 'utf8');
  const lintAs = /lint-as: (\S+)/.exec(text)[1];
  const expected = /expect: (\S+)/.exec(text)[1];
  const [result] = await eslint.lintText(text, { filePath: join(root, lintAs) });
  const got = result.messages.filter((m) => m.ruleId === 'ndp/module-boundaries').map((m) => m.messageId);
  const other = result.messages.filter((m) => m.ruleId !== 'ndp/module-boundaries');
  const ok = expected === 'none' ? got.length === 0 : got.length === 1 && got[0] === expected;
  if (!ok || other.some((m) => m.fatal)) {
    failures++;
    console.error(
      `lint fixture ${name}: expected ${expected}, got [${got.join(', ')}]`,
      other.map((m) => m.message),
    );
  }
}
if (failures) {
  console.error(`${failures} lint fixture(s) did not behave as expected: the module-boundary rule is broken`);
  process.exit(1);
}
console.log('module-boundary rule: all lint fixtures rejected or accepted as expected');
