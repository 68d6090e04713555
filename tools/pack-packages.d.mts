/** The folders of the packages a plugin author installs, runtime dependencies first. */
export declare const PUBLISHED_PACKAGES: readonly string[];
/** Builds and packs them as npm tarballs into `outDir` (default `dist/packages`); resolves with their paths. */
export declare function packPackages(outDir?: string): Promise<string[]>;
