/** The asc options every example is built with: -O3, the incremental runtime, no asserts, the PDK's abort. */
export declare const EXAMPLE_ASC_OPTIONS: readonly string[];

/** Every example plugin (the folders of `examples/` that hold a manifest.json), sorted. */
export declare const exampleNames: readonly string[];

/** One built example. */
export interface BuiltExample {
  readonly name: string;
  /** Its source folder, `examples/<name>` (absolute). */
  readonly folder: string;
  /** The built plugin.wasm in the build cache (absolute); do not modify it. */
  readonly wasm: string;
}

/**
 * Builds the examples (all, or those in `only`; an unknown name rejects) from source, cached by source hash.
 * With `outDir`, also installs each as `<outDir>/<name>/{plugin.wasm, manifest.json, README.md}` (folder 0700,
 * files 0600), replacing an existing folder of that name. Resolves in `exampleNames` order.
 *
 * @example
 * ```ts
 * await buildExamples({ outDir: 'data/plugins' });
 * const [notes] = await buildExamples({ only: ['notes'] });
 * ```
 */
export declare function buildExamples(options?: {
  outDir?: string;
  only?: readonly string[];
}): Promise<BuiltExample[]>;

/** The language of an example: `c` (sources in `src/*.c`, built with clang) or `assemblyscript`. */
export declare function exampleLanguage(name: string): 'c' | 'assemblyscript';
