/** Where the CLI writes: stdout for results, stderr for diagnostics. Injected so tests can capture both. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** The process's own stdout and stderr. */
export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};
