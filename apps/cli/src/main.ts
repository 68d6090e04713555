#!/usr/bin/env node
// `ndp ...` (bin/ndp.mjs runs this build): the exit code is the process's.
import { runCli } from './cli.js';
import { processIo } from './cli-io.js';

process.exitCode = await runCli(process.argv.slice(2), {
  io: processIo,
  env: process.env,
  cwd: process.cwd(),
});
