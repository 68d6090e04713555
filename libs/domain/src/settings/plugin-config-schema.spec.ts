import { describe, expect, it } from 'vitest';
import { formatConfigIssues, parsePluginConfigSchema } from './plugin-config-schema.js';

const SCHEMA = JSON.stringify({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    greeting: { type: 'string', title: 'Greeting', minLength: 1 },
    limit: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
    ratio: { type: 'number' },
    verbose: { type: 'boolean' },
    mode: { enum: ['fast', 'safe'] },
    token: { type: 'string', format: 'password' },
  },
  required: ['greeting'],
  additionalProperties: false,
});

function compiled(text = SCHEMA) {
  const r = parsePluginConfigSchema(text, 'plugins/x/config.schema.json');
  if (!r.ok) throw r.error;
  return r.value;
}

describe('parsePluginConfigSchema', () => {
  it('lists the top-level properties as form fields, in order, with types, enums, defaults and secrets', () => {
    const fields = compiled().fields;
    expect(fields.map((f) => [f.key, f.type])).toEqual([
      ['greeting', 'string'],
      ['limit', 'integer'],
      ['ratio', 'number'],
      ['verbose', 'boolean'],
      ['mode', 'string'],
      ['token', 'string'],
    ]);
    expect(fields[0]).toMatchObject({ title: 'Greeting', required: true, secret: false });
    expect(fields[1]).toMatchObject({ default: 10, required: false });
    expect(fields[4]!.enum).toEqual(['fast', 'safe']);
    expect(fields[5]!.secret).toBe(true);
  });

  it('validates text values by the type they spell', () => {
    const schema = compiled();
    expect(
      schema.validate({ greeting: 'hi', limit: '8', ratio: '0.5', verbose: 'true', mode: 'fast' }),
    ).toEqual([]);
    const issues = schema.validate({ limit: '80', ratio: 'half', verbose: 'yes', mode: 'slow', other: 'x' });
    const byKey = Object.fromEntries(issues.map((i) => [i.key, i.message]));
    expect(byKey).toMatchObject({
      greeting: 'is required',
      limit: 'must be <= 50',
      ratio: 'must be a number',
      verbose: 'must be true or false',
      mode: 'must be one of "fast", "safe"',
      other: 'is not a setting of this plugin',
    });
    expect(formatConfigIssues('x', [{ key: 'limit', message: 'must be <= 50' }])).toBe(
      'PluginConfig.x.limit: must be <= 50',
    );
  });

  it('accepts draft-07 schemas', () => {
    const schema = compiled(
      JSON.stringify({
        $schema: 'http://json-schema.org/draft-07/schema#',
        properties: { n: { type: 'integer', exclusiveMinimum: 0 } },
      }),
    );
    expect(schema.validate({ n: '0' })).toEqual([{ key: 'n', message: 'must be > 0' }]);
    expect(schema.validate({ n: '3' })).toEqual([]);
  });

  it('refuses what cannot describe a map of text settings, naming the file and the property', () => {
    const refused = (text: string) => {
      const r = parsePluginConfigSchema(text, 'p/config.schema.json');
      expect(r.ok).toBe(false);
      return r.ok ? '' : `${r.error.code} ${r.error.message}`;
    };
    expect(refused('{')).toMatch(/^CONFIG_SCHEMA_INVALID p\/config.schema.json: is not valid JSON/);
    expect(refused('[]')).toMatch(/must be a JSON Schema object/);
    expect(refused('{"type":"array"}')).toMatch(/must describe an object/);
    expect(refused('{"properties":{"nested":{"type":"object"}}}')).toMatch(
      /property "nested" has type "object"/,
    );
    expect(refused('{"type":"object","properties":{"a":{"type":"strin"}}}')).toMatch(/properties\/a\/type/);
    expect(refused('{"$schema":"https://example.com/s"}')).toMatch(/"\$schema" must be/);
    expect(refused(`{"description":"${'x'.repeat(70_000)}"}`)).toMatch(/at most 65536/);
  });
});
