#!/usr/bin/env node
// `ndp ...` (bin/ndp.mjs runs this build): the exit code is the process's.
import { runCli } from './cli.js';
import { processIo } from './cli-io.js';

// `ndp list | head -1`: the reader went away; that ends the output, it is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), {
  io: processIo,
  env: process.env,
  cwd: process.cwd(),
});
