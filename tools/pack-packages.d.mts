/** A published workspace package: its folder, npm name and package.json. */
export interface PublishedPackage {
  readonly folder: string;
  readonly name: string;
  readonly manifest: Record<string, unknown>;
}
/** The workspace packages that are not private, runtime dependencies first. */
export declare function publishedPackages(root?: string): PublishedPackage[];
/** Builds and packs them as npm tarballs into `outDir` (default `dist/packages`); resolves with their paths. */
export declare function packPackages(outDir?: string): Promise<string[]>;
