/** A `Logger` (port) that drops everything: benchmarks measure calls, not logging. */
export function silentLogger() {
  const noop = () => {};
  const logger = {
    trace: noop,
    debug: noop,
    info: noop,
    warn: noop,
    error: noop,
    fatal: noop,
    isLevelEnabled: () => false,
    child: () => logger,
  };
  return logger;
}
