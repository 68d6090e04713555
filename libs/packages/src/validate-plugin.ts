import {
  checkApiVersion,
  checkCapabilityExports,
  checkImportShapes,
  checkModuleImports,
  NdpError,
  parseManifest,
  readModuleInfo,
  DEFAULT_MANIFEST_LIMITS,
  type ManifestLimits,
  type ParsedManifest,
} from '@ndp/domain';

/** Where the two files came from, for messages (a path on disk, or `package.ndp!manifest.json`). */
export interface PluginFileNames {
  readonly manifestFile: string;
  readonly wasmFile: string;
}

/**
 * Runs the load-time checks the host would run, without compiling: the manifest (size and depth within
 * `limits`, schema, JSON path in every message), the API version, the kinds and signatures of the module's imports, the imports against the granted permissions (the message of docs/contract.md §5) and its
 * exports against the declared capabilities (docs/contract.md §4). Throws the first failing step's `NdpError`; several
 * problems of one step are joined in one message. Resolves with the parsed manifest.
 *
 * Does not guarantee that the module compiles or that its OnInit accepts the host's config: only the host knows.
 */
export function validatePlugin(
  manifestText: string,
  wasm: Uint8Array,
  names: PluginFileNames,
  limits: ManifestLimits = DEFAULT_MANIFEST_LIMITS,
): ParsedManifest {
  const parsed = parseManifest(manifestText, names.manifestFile, limits);
  if (!parsed.ok) throw parsed.error;
  const manifest = parsed.value.manifest;
  const api = checkApiVersion(manifest);
  if (!api.ok) throw api.error;
  let info;
  try {
    info = readModuleInfo(wasm);
  } catch (cause) {
    throw new NdpError(
      'COMPILE_FAILED',
      `${names.wasmFile} is not a WebAssembly module (${(cause as Error).message}); rebuild the plugin`,
      { cause, details: { pluginId: manifest.name, file: names.wasmFile } },
    );
  }
  const shapes = checkImportShapes(manifest.name, info.imports);
  if (!shapes.ok) throw joined(shapes.error);
  const imports = checkModuleImports(
    manifest.name,
    manifest,
    info.imports.filter((i) => i.kind === 'function'),
  );
  if (!imports.ok) throw joined(imports.error);
  const exportsCheck = checkCapabilityExports(
    manifest.name,
    manifest,
    info.exports.filter((e) => e.kind === 'function').map((e) => e.name),
  );
  if (!exportsCheck.ok) throw joined(exportsCheck.error);
  return parsed.value;
}

function joined(errors: readonly NdpError[]): NdpError {
  const first = errors[0]!;
  if (errors.length === 1) return first;
  return new NdpError(first.code, errors.map((e) => e.message).join('\n'), {
    details: { ...first.details, problems: errors.map((e) => e.toJSON()) },
  });
}
