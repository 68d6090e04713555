export declare const repoRoot: string;
export declare const SHARED_AS_SOURCES: string[];
export declare function buildAssemblyScript(o: {
  entry: string;
  ascOptions?: string[];
  sourceDirs?: string[];
  name?: string;
}): Promise<string>;
export declare function buildWat(name: string, watText: string): Promise<string>;
