import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { NdpError } from '../errors/ndp-error.js';
import { err, ok, type Result } from '../result.js';

/** The kinds of value a settings form can edit: every `PluginConfig.<id>` value is text on the wire. */
export type ConfigFieldType = 'string' | 'number' | 'integer' | 'boolean';

/** One top-level setting of a plugin, as a form renders it. */
export interface ConfigField {
  readonly key: string;
  readonly type: ConfigFieldType;
  readonly title: string;
  readonly description?: string;
  readonly required: boolean;
  /** The allowed values, when the schema has an `enum`. */
  readonly enum?: readonly (string | number | boolean)[];
  /** `format: password`: shown masked, never sent back to a browser. */
  readonly secret: boolean;
  readonly default?: string | number | boolean;
}

/** One way a plugin's settings fail its schema: the setting's key (empty for the whole map) and what was expected. */
export interface ConfigIssue {
  readonly key: string;
  readonly message: string;
}

/** A plugin's `config.schema.json`, compiled. */
export interface PluginConfigSchema {
  /** The schema as the plugin ships it. */
  readonly schema: Readonly<Record<string, unknown>>;
  /** The top-level properties a form can show, in schema order. */
  readonly fields: readonly ConfigField[];
  /** Every issue of `config` (a `PluginConfig.<id>` map of text values) against the schema; empty when valid. */
  validate(config: Readonly<Record<string, string>>): readonly ConfigIssue[];
}

/** Most a `config.schema.json` may weigh: it is read at every load and sent to the admin page. */
export const MAX_CONFIG_SCHEMA_BYTES = 64 * 1024;

const DRAFT_2020 = 'https://json-schema.org/draft/2020-12/schema';
const DRAFT_07 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/;
const FIELD_TYPES: ReadonlySet<string> = new Set(['string', 'number', 'integer', 'boolean']);

let draft2020: Ajv2020 | undefined;
let draft07: Ajv | undefined;

// One compiler per draft, made on first use: most hosts never see a settings schema.
function compilerFor(dialect: unknown): Ajv | Ajv2020 {
  const options = { allErrors: true, strict: false, formats: { password: true } } as const;
  if (typeof dialect === 'string' && DRAFT_07.test(dialect)) return (draft07 ??= new Ajv(options));
  return (draft2020 ??= new Ajv2020(options));
}

/**
 * Parses and compiles a plugin's `config.schema.json` (JSON Schema draft 2020-12, or draft-07 when its `$schema`
 * says so). `file` is only used in messages. The schema must describe an object; its top-level properties become
 * the settings form's fields. Values arrive as text (`PluginConfig.<id>` is a map of strings), so a property typed
 * `number`, `integer` or `boolean` is validated against the value the text spells (`"8"` → 8, `"true"` → true).
 *
 * @example
 * const schema = parsePluginConfigSchema(text, 'plugins/notes/config.schema.json');
 * if (schema.ok && schema.value.validate({ greeting: 'hi' }).length === 0) save();
 */
export function parsePluginConfigSchema(
  text: string,
  file: string,
): Result<PluginConfigSchema, NdpError<'CONFIG_SCHEMA_INVALID'>> {
  const invalid = (why: string, cause?: unknown) =>
    err(
      new NdpError('CONFIG_SCHEMA_INVALID', `${file}: ${why}`, {
        ...(cause === undefined ? {} : { cause }),
        details: { file },
      }),
    );
  if (text.length > MAX_CONFIG_SCHEMA_BYTES) {
    return invalid(`is ${text.length} bytes; a settings schema may have at most ${MAX_CONFIG_SCHEMA_BYTES}`);
  }
  let schema: unknown;
  try {
    schema = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (cause) {
    return invalid(`is not valid JSON: ${(cause as Error).message}`, cause);
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return invalid('must be a JSON Schema object');
  }
  const root = schema as Record<string, unknown>;
  if (root['type'] !== undefined && root['type'] !== 'object') {
    return invalid(`must describe an object (the plugin's settings map), not "${String(root['type'])}"`);
  }
  const dialect = root['$schema'];
  if (
    dialect !== undefined &&
    dialect !== DRAFT_2020 &&
    !(typeof dialect === 'string' && DRAFT_07.test(dialect))
  ) {
    return invalid(`"$schema" must be ${DRAFT_2020} or http://json-schema.org/draft-07/schema#`);
  }
  let check: ValidateFunction;
  try {
    check = compilerFor(dialect).compile(root);
  } catch (cause) {
    return invalid(`is not a valid JSON Schema: ${(cause as Error).message}`, cause);
  }
  const fields = fieldsOf(root);
  if (!fields.ok) return invalid(fields.error);
  const byKey = new Map(fields.value.map((f) => [f.key, f]));
  return ok(
    Object.freeze({
      schema: root,
      fields: fields.value,
      validate(config: Readonly<Record<string, string>>): readonly ConfigIssue[] {
        const typed: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(config)) typed[key] = typedValue(byKey.get(key), value);
        return check(typed) ? [] : issuesOf(check.errors ?? []);
      },
    }),
  );
}

function fieldsOf(root: Record<string, unknown>): Result<ConfigField[], string> {
  const properties = root['properties'] ?? {};
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    return err('"properties" must be an object');
  }
  const required = new Set(Array.isArray(root['required']) ? root['required'].map(String) : []);
  const fields: ConfigField[] = [];
  for (const [key, value] of Object.entries(properties as Record<string, unknown>)) {
    const p = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    const declared = p['type'] ?? (Array.isArray(p['enum']) ? typeof p['enum'][0] : 'string');
    if (typeof declared !== 'string' || !FIELD_TYPES.has(declared)) {
      return err(
        `property "${key}" has type ${JSON.stringify(declared)}; settings are text values, so each property must be ` +
          'a string, number, integer or boolean',
      );
    }
    const enumValues = Array.isArray(p['enum'])
      ? (p['enum'].filter((v) => ['string', 'number', 'boolean'].includes(typeof v)) as (
          | string
          | number
          | boolean
        )[])
      : undefined;
    const fallback = p['default'];
    fields.push(
      Object.freeze({
        key,
        type: declared as ConfigFieldType,
        title: typeof p['title'] === 'string' ? p['title'] : key,
        ...(typeof p['description'] === 'string' ? { description: p['description'] } : {}),
        required: required.has(key),
        ...(enumValues ? { enum: Object.freeze(enumValues) } : {}),
        secret: p['format'] === 'password' || p['writeOnly'] === true,
        ...(['string', 'number', 'boolean'].includes(typeof fallback)
          ? { default: fallback as string | number | boolean }
          : {}),
      }),
    );
  }
  return ok(fields);
}

/** The value a text spells for a typed field; text that spells none stays text, so the schema reports it. */
function typedValue(field: ConfigField | undefined, text: string): unknown {
  switch (field?.type) {
    case 'number':
    case 'integer': {
      const trimmed = text.trim();
      const n = trimmed === '' ? Number.NaN : Number(trimmed);
      return Number.isFinite(n) ? n : text;
    }
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    default:
      return text;
  }
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
};

function issuesOf(errors: readonly ErrorObject[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const p = e.params as Record<string, unknown>;
    const key =
      e.keyword === 'required'
        ? String(p['missingProperty'])
        : e.keyword === 'additionalProperties'
          ? String(p['additionalProperty'])
          : decodePointerHead(e.instancePath);
    const message =
      e.keyword === 'required'
        ? 'is required'
        : e.keyword === 'additionalProperties'
          ? 'is not a setting of this plugin'
          : e.keyword === 'type'
            ? `must be ${TYPE_WORDS[String(p['type'])] ?? String(p['type'])}`
            : e.keyword === 'enum'
              ? `must be one of ${(p['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`
              : (e.message ?? 'is invalid');
    const id = `${key}\n${message}`;
    if (!seen.has(id)) {
      seen.add(id);
      issues.push({ key, message });
    }
  }
  return issues;
}

function decodePointerHead(pointer: string): string {
  const head = pointer.split('/')[1] ?? '';
  return head.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** One line per issue, each naming the setting: `PluginConfig.notes.greeting: must be text`. */
export function formatConfigIssues(pluginId: string, issues: readonly ConfigIssue[]): string {
  return issues.map((i) => `PluginConfig.${pluginId}${i.key ? `.${i.key}` : ''}: ${i.message}`).join('; ');
}
