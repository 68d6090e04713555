/** Builds the examples (all, or `only`) and packs each as `<outDir>/<name>-<version>.ndp`; resolves with the paths. */
export declare function packExamples(options?: {
  outDir?: string;
  only?: readonly string[];
}): Promise<string[]>;
