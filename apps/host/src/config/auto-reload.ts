import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from '@ndp/ports';

/** Options of {@link watchForReload}. */
export interface AutoReloadOptions {
  /** The config file (its folder is watched, so an editor's save-by-rename is seen too). */
  readonly configFile: string | undefined;
  readonly pluginsFolder: string;
  /** Quiet time after the last change before `onConfig`/`onPlugins` run. */
  readonly delayMs: number;
  readonly onConfig: () => Promise<unknown>;
  readonly onPlugins: () => Promise<unknown>;
  readonly logger: Logger;
}

/**
 * Watches `ndp.toml` and the plugins folder (its entries and, recursively, their files) and runs the matching
 * reload once changes have been quiet for `delayMs` (an install writes many files; one reload follows).
 * A failing reload is logged by its runner; the watch goes on. Answers a function that stops watching.
 */
export function watchForReload(options: AutoReloadOptions): () => void {
  const watchers: FSWatcher[] = [];
  const timers = new Map<'config' | 'plugins', NodeJS.Timeout>();
  const schedule = (what: 'config' | 'plugins') => {
    clearTimeout(timers.get(what));
    timers.set(
      what,
      setTimeout(() => {
        timers.delete(what);
        const run = what === 'config' ? options.onConfig : options.onPlugins;
        run().catch(() => undefined);
      }, options.delayMs),
    );
  };
  const add = (path: string, recursive: boolean, onChange: (file: string | null) => void) => {
    try {
      const w = watch(path, { recursive, persistent: false }, (_event, file) => onChange(file));
      w.on('error', (error) =>
        options.logger.warn('auto reload: watch failed', { path, error: String(error) }),
      );
      watchers.push(w);
    } catch (error) {
      options.logger.warn('auto reload: cannot watch', { path, error: String(error) });
    }
  };
  if (options.configFile) {
    const name = basename(options.configFile);
    add(dirname(options.configFile), false, (file) => {
      if (file === name) schedule('config');
    });
  }
  add(options.pluginsFolder, true, () => schedule('plugins'));
  options.logger.info('auto reload on', {
    config: options.configFile ?? null,
    plugins: options.pluginsFolder,
    delayMs: options.delayMs,
  });
  return () => {
    for (const t of timers.values()) clearTimeout(t);
    for (const w of watchers) w.close();
  };
}
