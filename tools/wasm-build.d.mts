export declare const repoRoot: string;
export declare const SHARED_AS_SOURCES: string[];
export declare function buildAssemblyScript(o: {
  entry: string;
  ascOptions?: string[];
  sourceDirs?: string[];
  name?: string;
}): Promise<string>;
export declare function buildWat(name: string, watText: string): Promise<string>;

/** The Debian packages of the C toolchain (what `.ci/run` installs when clang is missing). */
export declare const C_TOOLCHAIN_PACKAGES: readonly string[];
/** Whether clang can build wasm32-wasi modules here, or why not (with the apt command that fixes it). */
export declare function cToolchainStatus(): Promise<
  { ok: true; version: string } | { ok: false; why: string }
>;
/** Compiles C sources to a .wasm file with clang for wasm32-wasi (cached by source hash); returns its path. */
export declare function buildC(o: {
  sources: string[];
  name: string;
  sourceDirs?: string[];
}): Promise<string>;
