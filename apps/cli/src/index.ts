export { EXIT, runCli } from './cli.js';
export type { CliEnvironment } from './cli.js';
export type { CliIo } from './cli-io.js';
export { processIo } from './cli-io.js';
