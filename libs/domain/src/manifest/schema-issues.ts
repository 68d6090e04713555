import type { ErrorObject } from 'ajv';
import { appendPointer } from './json-pointer.js';
import { PLUGIN_NAME_RULE } from './manifest-schema.js';

/** A schema violation located by JSON pointer, worded as what was expected. */
export interface SchemaIssue {
  readonly path: string;
  readonly message: string;
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  object: 'an object',
  array: 'an array',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  null: 'null',
};

/**
 * Rewrites ajv errors into issues a plugin author can act on: the path points at the offending key itself (a
 * missing or unexpected property, an invalid property name), and the message says what was expected. Duplicates
 * (ajv reports a bad property name twice) are dropped.
 */
export function schemaIssues(errors: readonly ErrorObject[]): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const issue = toIssue(e);
    if (!issue) continue;
    const key = `${issue.path}\n${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

function toIssue(e: ErrorObject): SchemaIssue | undefined {
  const p = e.params as Record<string, unknown>;
  const here = e.instancePath;
  switch (e.keyword) {
    case 'propertyNames':
      return undefined; // the nested error (pattern) says more, with the property name
    case 'required':
      return { path: appendPointer(here, String(p['missingProperty'])), message: 'is required' };
    case 'additionalProperties': {
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return {
        path: appendPointer(here, String(p['additionalProperty'])),
        message: `is not allowed here (allowed: ${known.join(', ')})`,
      };
    }
    case 'pattern':
      if (e.propertyName !== undefined) {
        return {
          path: appendPointer(here, e.propertyName),
          message: `key must match ${String(p['pattern'])}`,
        };
      }
      if (here === '/name')
        return { path: here, message: `${PLUGIN_NAME_RULE} (got ${JSON.stringify(e.data)})` };
      return { path: here, message: `must match ${String(p['pattern'])}` };
    case 'enum':
      return { path: here, message: `must be one of ${(p['allowedValues'] as unknown[]).join(', ')}` };
    case 'type':
      return { path: here, message: `must be ${TYPE_WORDS[String(p['type'])] ?? String(p['type'])}` };
    case 'minItems':
      return { path: here, message: `must have at least ${String(p['limit'])} item(s)` };
    case 'minProperties':
      return { path: here, message: `must have at least ${String(p['limit'])} entry(ies)` };
    case 'uniqueItems':
      return {
        path: here,
        message: `must not repeat items (items ${String(p['j'])} and ${String(p['i'])} are the same)`,
      };
    case 'minLength':
      return {
        path: here,
        message:
          p['limit'] === 1 ? 'must not be empty' : `must have at least ${String(p['limit'])} characters`,
      };
    case 'format':
      return {
        path: here,
        message:
          p['format'] === 'uri'
            ? 'must be an absolute URI, e.g. https://example.com'
            : `must be a valid ${String(p['format'])}`,
      };
    case 'minimum':
      return { path: here, message: `must be >= ${String(p['limit'])}` };
    default:
      return { path: here, message: e.message ?? `fails ${e.keyword}` };
  }
}
