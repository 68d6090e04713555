import { Ajv, type ValidateFunction } from 'ajv';
import { NdpError } from '../errors/ndp-error.js';
import { PERMISSION_NAMES } from '../gen/contract.js';
import { err, ok, type Result } from '../result.js';
import { findJsonSyntaxError } from './json-syntax.js';
import type { Manifest } from './manifest.js';
import {
  DEFAULT_MANIFEST_LIMITS,
  jsonDepthExceeded,
  utf8LengthAbove,
  type ManifestLimits,
} from './manifest-limits.js';
import { formatManifestIssue, type ManifestIssue } from './manifest-issue.js';
import { MANIFEST_SCHEMA } from './manifest-schema.js';
import { normalizeManifest } from './normalize-manifest.js';
import { urlPatternIssues } from './pattern-checks.js';
import { schemaIssues } from './schema-issues.js';
import { isSemver } from './semver.js';
import { isUri } from './uri-format.js';

/** A manifest that passed validation, with what the caller should log about it. */
export interface ParsedManifest {
  readonly manifest: Manifest;
  /** Not errors, worth a warning log: e.g. a `version` that is not semver. */
  readonly warnings: readonly ManifestIssue[];
  /** Permission keys the host does not know; accepted and ignored (docs/contract.md §2), worth a debug log. */
  readonly unknownPermissions: readonly string[];
}

/** The error of {@link parseManifest}: `MANIFEST_INVALID`, with every issue in `details.issues`. */
export type ManifestError = NdpError<'MANIFEST_INVALID'>;

let validator: ValidateFunction | undefined;

// Compiled on first use: ajv generates code, which costs a few milliseconds that importers of the domain who never
// parse a manifest should not pay.
function validate(data: unknown): ValidateFunction['errors'] {
  validator ??= new Ajv({ allErrors: true, verbose: true, formats: { uri: isUri } }).compile(MANIFEST_SCHEMA);
  return validator(data) ? [] : (validator.errors ?? []);
}

const KNOWN_PERMISSIONS: ReadonlySet<string> = new Set(PERMISSION_NAMES);

/**
 * Parses and validates the text of a `manifest.json`. `file` is only used in messages. A text larger than
 * `limits.maxBytes` or nesting deeper than `limits.maxDepth` is refused before it is parsed.
 *
 * On success: the frozen {@link Manifest}, warnings and unknown permission keys. On failure: one
 * `MANIFEST_INVALID` error listing every issue (file, JSON pointer, what was expected); a JSON syntax error gives
 * the line and column instead. Never throws for bad input.
 *
 * @example
 * const parsed = parseManifest(text, 'plugins/wikimedia/manifest.json');
 * if (!parsed.ok) log.error(parsed.error.message);
 */
export function parseManifest(
  text: string,
  file: string,
  limits: ManifestLimits = DEFAULT_MANIFEST_LIMITS,
): Result<ParsedManifest, ManifestError> {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text; // editors on Windows like to add a BOM
  const tooLarge = utf8LengthAbove(source, limits.maxBytes);
  if (tooLarge !== undefined) {
    const message = `is ${tooLarge} bytes, more than the limit of ${limits.maxBytes} bytes`;
    return err(invalid(file, [{ file, path: '', message }]));
  }
  const tooDeep = jsonDepthExceeded(source, limits.maxDepth);
  if (tooDeep) {
    const where = lineAndColumn(source, tooDeep.offset);
    const message = `nests deeper than the limit of ${limits.maxDepth} levels`;
    return err(invalid(file, [{ file, path: '', message, ...where }]));
  }
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (cause) {
    const syntax = findJsonSyntaxError(source);
    const issue: ManifestIssue = {
      file,
      path: '',
      message: `invalid JSON: ${syntax?.message ?? (cause as Error).message}`,
      line: syntax?.line ?? 1,
      column: syntax?.column ?? 1,
    };
    return err(invalid(file, [issue], cause));
  }

  // A pattern the matcher rejects gets the matcher's precise reason instead of the schema's generic regex.
  const patternIssues = urlPatternIssues(data);
  const patternPaths = new Set(patternIssues.map((i) => i.path));
  const issues = [
    ...schemaIssues(validate(data) ?? []).filter((i) => !patternPaths.has(i.path)),
    ...patternIssues,
  ];
  if (issues.length > 0)
    return err(
      invalid(
        file,
        issues.map((i) => ({ file, ...i })),
      ),
    );

  const manifest = normalizeManifest(data);
  const warnings: ManifestIssue[] = isSemver(manifest.version)
    ? []
    : [{ file, path: '/version', message: `"${manifest.version}" is not a semantic version (e.g. 1.0.0)` }];
  const rawPermissions = (data as { permissions: object }).permissions;
  const unknownPermissions = Object.keys(rawPermissions).filter((k) => !KNOWN_PERMISSIONS.has(k));
  return ok(
    Object.freeze({
      manifest,
      warnings: Object.freeze(warnings),
      unknownPermissions: Object.freeze(unknownPermissions),
    }),
  );
}

function invalid(file: string, issues: readonly ManifestIssue[], cause?: unknown): ManifestError {
  const lines = issues.map((i) => `  - ${formatManifestIssue(i)}`).join('\n');
  return new NdpError('MANIFEST_INVALID', `invalid plugin manifest ${file}:\n${lines}`, {
    cause,
    details: { file, issues: Object.freeze(issues) },
  });
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
