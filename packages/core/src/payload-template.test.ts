// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about ${…} placeholders written in plain strings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BellwetherError, type FieldError } from './errors.js';
import {
  compilePayloadTemplate,
  renderPayloadTemplate,
  templateSecretNames,
  validatePayloadTemplate,
} from './payload-template.js';
import { renderMessageTemplate, validateMessageTemplate } from './payload-template-message.js';
import { TEMPLATE_VARIABLE_NAMES } from './template-variables.js';

const options = { variables: TEMPLATE_VARIABLE_NAMES, secrets: new Set(['ACCESS_TOKEN', 'SIGNING_KEY']) };

const values: Record<string, unknown> = {
  automation_name: 'deploy on prod',
  event_type: 'ADD_ARTIFACT_ALIAS',
  event_author: 'ada',
  entity_name: 'ml',
  project_name: 'cifar',
  artifact_collection_name: 'resnet-classifier',
  artifact_version: 'bellwether-artifact://ver_01ABC',
  artifact_version_string: 'ml/cifar/resnet-classifier:v3',
  artifact_metadata: { accuracy: 0.93, 'top.k': 5 },
  alias: 'production',
  automation_url: 'https://bw.example.com/automations/aut_1',
  run_name: 'resnet-50',
  run_url: 'https://bw.example.com/ml/cifar/runs/r1',
  metric_name: 'loss',
  metric_value: 2.5,
  metric_values: [2, 2.5, Number.NaN],
  ACCESS_TOKEN: 'tok-123',
};

function parsesAsObject(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

function errorsOf(run: () => void): FieldError[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BellwetherError);
    expect((error as BellwetherError).code).toBe('validation_failed');
    return [...(error as BellwetherError).errors];
  }
  throw new Error('expected the template to be refused');
}

describe('the SPEC §4 examples', () => {
  it('renders a GitHub repository_dispatch body exactly', () => {
    const template = {
      event_type: 'BUILD_AND_DEPLOY',
      client_payload: {
        event_author: '${event_author}',
        artifact_version: '${artifact_version}',
        artifact_version_string: '${artifact_version_string}',
        artifact_collection_name: '${artifact_collection_name}',
        project_name: '${project_name}',
        entity_name: '${entity_name}',
      },
    };
    validatePayloadTemplate(template, options);
    expect(renderPayloadTemplate(template, values)).toBe(
      '{"event_type":"BUILD_AND_DEPLOY","client_payload":{"event_author":"ada",' +
        '"artifact_version":"bellwether-artifact://ver_01ABC",' +
        '"artifact_version_string":"ml/cifar/resnet-classifier:v3",' +
        '"artifact_collection_name":"resnet-classifier","project_name":"cifar","entity_name":"ml"}}',
    );
  });

  it('renders a Microsoft Teams MessageCard written as text, keeping its layout', () => {
    const template = `{
  "@type": "MessageCard",
  "@context": "http://schema.org/extensions",
  "summary": "\${automation_name}",
  "sections": [{
    "activityTitle": "Alias \${alias} added to \${artifact_version_string}",
    "facts": [
      {"name": "Author", "value": "\${event_author}"},
      {"name": "Event", "value": "\${event_type}"}
    ],
    "markdown": true
  }]
}`;
    validatePayloadTemplate(template, options);
    const rendered = renderPayloadTemplate(template, values);
    expect(rendered).toBe(
      template
        .replace('${automation_name}', 'deploy on prod')
        .replace('${alias}', 'production')
        .replace('${artifact_version_string}', 'ml/cifar/resnet-classifier:v3')
        .replace('${event_author}', 'ada')
        .replace('${event_type}', 'ADD_ARTIFACT_ALIAS'),
    );
    expect(JSON.parse(rendered)).toMatchObject({
      '@type': 'MessageCard',
      sections: [{ facts: [{ value: 'ada' }, { value: 'ADD_ARTIFACT_ALIAS' }] }],
    });
  });

  it('renders a Slack incoming-webhook body with text and blocks', () => {
    const template = {
      text: '${metric_name} is ${metric_value} on ${run_name}',
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '*${automation_name}*\n<${run_url}|${run_name}>' },
        },
      ],
    };
    validatePayloadTemplate(template, options);
    expect(renderPayloadTemplate(template, values)).toBe(
      '{"text":"loss is 2.5 on resnet-50","blocks":[{"type":"section","text":{"type":"mrkdwn",' +
        '"text":"*deploy on prod*\\n<https://bw.example.com/ml/cifar/runs/r1|resnet-50>"}}]}',
    );
  });

  it('renders a Discord webhook body with content and embeds', () => {
    const template = {
      content: '${automation_name} fired',
      embeds: [
        {
          title: '${artifact_version_string}',
          url: '${automation_url}',
          color: 5814783,
          fields: [{ name: 'accuracy', value: '${artifact_metadata.accuracy}', inline: true }],
        },
      ],
    };
    validatePayloadTemplate(template, options);
    expect(renderPayloadTemplate(template, values)).toBe(
      '{"content":"deploy on prod fired","embeds":[{"title":"ml/cifar/resnet-classifier:v3",' +
        '"url":"https://bw.example.com/automations/aut_1","color":5814783,' +
        '"fields":[{"name":"accuracy","value":"0.93","inline":true}]}]}',
    );
  });
});

describe('renderPayloadTemplate', () => {
  it('escapes quotes, backslashes, newlines, unicode and </script> inside strings', () => {
    const tricky = 'say "hi"\\ \n\t</script><b>é 😀 \u2028';
    const rendered = renderPayloadTemplate({ run: 'run: ${run_name}!' }, { run_name: tricky });
    expect(JSON.parse(rendered)).toEqual({ run: `run: ${tricky}!` });
    const text = renderPayloadTemplate('{"run": "${run_name}", "raw": ${run_name}}', { run_name: tricky });
    expect(JSON.parse(text)).toEqual({ run: tricky, raw: tricky });
  });

  it('writes objects and arrays as JSON text inside strings and as JSON outside', () => {
    const template = '{"in": "${metric_values}", "out": ${metric_values}, "meta": ${artifact_metadata}}';
    expect(JSON.parse(renderPayloadTemplate(template, values))).toEqual({
      in: '[2,2.5,"NaN"]',
      out: [2, 2.5, 'NaN'],
      meta: { accuracy: 0.93, 'top.k': 5 },
    });
  });

  it('renders absent values as "" in strings and null outside, and non-finite numbers as strings', () => {
    const template =
      '{"a": "${run_id}", "b": ${run_id}, "c": ${metric_value}, "d": "${metric_value}", "e": "${tag}"}';
    const rendered = renderPayloadTemplate(template, { metric_value: Number.NEGATIVE_INFINITY, tag: null });
    expect(JSON.parse(rendered)).toEqual({ a: '', b: null, c: '-Infinity', d: '-Infinity', e: '' });
    expect(renderPayloadTemplate({ v: '${metric_value}' }, { metric_value: Number.NaN })).toBe('{"v":"NaN"}');
  });

  it('reads artifact_metadata.KEY as one top-level key, dots included', () => {
    expect(
      renderPayloadTemplate({ k: '${artifact_metadata.top.k}', m: '${artifact_metadata.nope}' }, values),
    ).toBe('{"k":"5","m":""}');
  });

  it('substitutes inside object keys and writes $${ as a literal ${', () => {
    expect(renderPayloadTemplate({ '${alias}': 'cost: $5, $${HOME}, $$${alias}' }, values)).toBe(
      '{"production":"cost: $5, ${HOME}, $${alias}"}',
    );
    expect(renderPayloadTemplate('{"x": "$${run_name}"}', values)).toBe('{"x": "${run_name}"}');
  });

  it('renders secrets given among the values', () => {
    expect(renderPayloadTemplate({ auth: 'Bearer ${ACCESS_TOKEN}' }, values)).toBe(
      '{"auth":"Bearer tok-123"}',
    );
  });

  it('keeps a key named __proto__ as plain data', () => {
    const template = JSON.parse('{"__proto__": {"x": "${alias}"}}') as Record<string, unknown>;
    expect(renderPayloadTemplate(template, values)).toBe('{"__proto__":{"x":"production"}}');
  });

  it('yields parseable JSON whose strings are the template strings with values substituted', () => {
    const names = ['run_name', 'metric_value', 'artifact_metadata.k', 'SECRET', 'alias'] as const;
    const fragment = fc.oneof(
      fc.string({ maxLength: 8 }).map((s) => ({ text: s.replaceAll('$', '') })),
      fc.constant({ text: '$ ' }),
      fc.constantFrom(...names).map((name) => ({ name })),
    );
    const templateString = fc.array(fragment, { maxLength: 5 });
    const tree = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        templateString,
        fc.oneof(fc.integer(), fc.boolean(), fc.constant(null)).map((v) => ({ leaf: v })),
        fc.array(tie('node'), { maxLength: 3 }).map((items) => ({ items })),
        fc.array(fc.tuple(templateString, tie('node')), { maxLength: 3 }).map((entries) => ({ entries })),
      ),
    }));
    const value = fc.oneof(
      fc.string(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.jsonValue({ maxDepth: 2 }),
    );
    const valuesMap = fc.record(
      {
        run_name: value,
        metric_value: value,
        SECRET: value,
        alias: value,
        artifact_metadata: fc.record({ k: value }),
      },
      { requiredKeys: [] },
    );
    const textOf = (v: unknown): string => {
      if (v === undefined || v === null) return '';
      if (typeof v === 'object')
        return JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x));
      return String(v);
    };
    type Fragment = { text: string } | { name: string };
    const build = (
      node: unknown,
      vals: Record<string, unknown>,
    ): { template: unknown; expected: unknown } => {
      const str = (fragments: Fragment[]) => ({
        template: fragments.map((f) => ('text' in f ? f.text : `\${${f.name}}`)).join(''),
        expected: fragments
          .map((f) => {
            if ('text' in f) return f.text;
            if (f.name === 'artifact_metadata.k')
              return textOf((vals.artifact_metadata as { k?: unknown } | undefined)?.k);
            return textOf(vals[f.name]);
          })
          .join(''),
      });
      if (Array.isArray(node)) return str(node as Fragment[]);
      const n = node as { leaf?: unknown; items?: unknown[]; entries?: Array<[Fragment[], unknown]> };
      if ('leaf' in n) return { template: n.leaf, expected: n.leaf };
      if (n.items) {
        const built = n.items.map((item) => build(item, vals));
        return { template: built.map((b) => b.template), expected: built.map((b) => b.expected) };
      }
      const template: Record<string, unknown> = {};
      const expected: Record<string, unknown> = {};
      const own = { enumerable: true, writable: true, configurable: true };
      // A key logged twice keeps its last value in the template; keys that differ in the template
      // but render the same text (a variable rendering to '') are duplicates in the output, where
      // the later one in the template's key order wins, as JSON.parse takes it.
      const children = new Map<string, { key: string; expected: unknown }>();
      for (const [key, child] of n.entries ?? []) {
        const k = str(key);
        const c = build(child, vals);
        Object.defineProperty(template, k.template, { ...own, value: c.template });
        children.set(k.template, { key: k.expected, expected: c.expected });
      }
      for (const name of Object.keys(template)) {
        const c = children.get(name) as { key: string; expected: unknown };
        Object.defineProperty(expected, c.key, { ...own, value: c.expected });
      }
      return { template, expected };
    };
    fc.assert(
      fc.property(
        fc.array(fc.tuple(templateString, tree.node), { maxLength: 4 }),
        valuesMap,
        (entries, vals) => {
          const { template, expected } = build({ entries }, vals);
          const rendered = compilePayloadTemplate(template).render(vals);
          expect(JSON.parse(rendered)).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
  it('accepts exactly the template texts that render to a JSON object, whatever the values', () => {
    const token = fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      '"',
      ':',
      ',',
      ' ',
      '\n',
      '1',
      '-',
      '.',
      'e',
      'a',
      '\\',
      'u00e9',
    );
    const special = fc.constantFrom('${alias}', '${metric_values}', '$${', '$', 'true', 'null', '"k": ');
    const text = fc.array(fc.oneof(token, special), { maxLength: 24 }).map((parts) => parts.join(''));
    // Near-valid texts: JSON objects with placeholders, some with one character deleted.
    const leaf = fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.constantFrom('RAW', 'STR'));
    const near = fc
      .tuple(
        fc.dictionary(fc.string({ maxLength: 3 }), fc.oneof(leaf, fc.array(leaf, { maxLength: 2 })), {
          maxKeys: 4,
        }),
        fc.nat(),
        fc.boolean(),
      )
      .map(([object, cut, pretty]) => {
        const json = JSON.stringify(object, null, pretty ? 2 : 0)
          .replaceAll('"RAW"', '${metric_values}')
          .replaceAll('STR', 'a${alias}$${b');
        return cut % 3 === 0 ? json.slice(0, cut % json.length) + json.slice((cut % json.length) + 1) : json;
      });
    const value = fc.oneof(fc.string(), fc.double(), fc.constant(undefined), fc.jsonValue({ maxDepth: 2 }));
    fc.assert(
      fc.property(
        fc.oneof(
          text,
          text.map((t) => `{${t}}`),
          near,
        ),
        value,
        (template, v) => {
          let compiled: ReturnType<typeof compilePayloadTemplate>;
          try {
            compiled = compilePayloadTemplate(template);
          } catch (error) {
            expect((error as BellwetherError).code).toBe('validation_failed');
            // Without placeholders the parser must agree with JSON.parse.
            if (!template.includes('$')) expect(parsesAsObject(template)).toBe(false);
            return;
          }
          const parsed: unknown = JSON.parse(compiled.render({ alias: v, metric_values: v }));
          expect(parsed).toBeTypeOf('object');
          expect(Array.isArray(parsed)).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('validatePayloadTemplate', () => {
  it('names the field and the character of an unknown variable, with near names', () => {
    const errors = errorsOf(() =>
      validatePayloadTemplate({ client_payload: { run: 'name: ${run_nam}' } }, options),
    );
    expect(errors).toEqual([
      {
        path: 'action.payload.client_payload.run',
        message: 'at character 7: unknown variable "${run_nam}"; did you mean ${run_name}?',
      },
    ]);
  });

  it('gives line and column in a template text', () => {
    const errors = errorsOf(() => validatePayloadTemplate('{\n  "v": ${metric_valu}\n}', options));
    expect(errors[0]?.path).toBe('action.payload');
    expect(errors[0]?.message).toMatch(
      /^line 2, column 8: unknown variable "\$\{metric_valu\}"; did you mean \$\{metric_value\}/,
    );
  });

  it('refuses a secret the webhook does not carry, listing those it does', () => {
    const errors = errorsOf(() => validatePayloadTemplate({ auth: '${API_KEY}' }, { ...options, path: 'p' }));
    expect(errors[0]).toEqual({
      path: 'p.auth',
      message:
        'at character 1: "${API_KEY}" names a secret that this webhook does not carry (it carries ACCESS_TOKEN, SIGNING_KEY)',
    });
    const none = errorsOf(() =>
      validatePayloadTemplate({ a: '${ACCESS_TOKEN}' }, { ...options, secrets: new Set() }),
    );
    expect(none[0]?.message).toMatch(/carries no secrets/);
  });

  it('refuses an unterminated ${ and malformed names, in keys too', () => {
    expect(errorsOf(() => validatePayloadTemplate({ a: 'x ${run_name' }, options))[0]?.message).toMatch(
      /^at character 3: "\$\{" is not closed/,
    );
    expect(errorsOf(() => validatePayloadTemplate({ '${ alias }': 1 }, options))[0]).toEqual({
      path: 'action.payload["${ alias }"]',
      message: expect.stringMatching(
        /^in the key "\$\{ alias \}", at character 1: "\$\{ alias \}" is not a variable/,
      ),
    });
    expect(errorsOf(() => validatePayloadTemplate('{"a": "${alias"}', options))[0]?.message).toMatch(
      /^line 1, column 8: "\$\{" is not closed/,
    );
  });

  it('refuses templates that are not JSON objects', () => {
    expect(errorsOf(() => validatePayloadTemplate(['x'], options))[0]?.message).toMatch(
      /must be a JSON object/,
    );
    expect(errorsOf(() => validatePayloadTemplate('["${alias}"]', options))[0]?.message).toBe(
      'line 1, column 1: must be a JSON object: expected "{", found "["',
    );
    expect(errorsOf(() => validatePayloadTemplate('{"a": 1,}', options))[0]?.message).toMatch(
      /column 9: expected a quoted key/,
    );
    expect(errorsOf(() => validatePayloadTemplate('{"a": ${alias} ${alias}}', options))[0]?.message).toMatch(
      /column 16: expected "," or "}"/,
    );
    expect(errorsOf(() => validatePayloadTemplate('{${alias}: 1}', options))[0]?.message).toMatch(
      /in quotes/,
    );
    expect(errorsOf(() => validatePayloadTemplate('{"a": "line\nbreak"}', options))[0]?.message).toMatch(
      /^line 1, column 12: a JSON string cannot hold a raw line break/,
    );
    expect(errorsOf(() => validatePayloadTemplate('', options))[0]?.message).toMatch(/empty/);
    expect(errorsOf(() => validatePayloadTemplate({ a: undefined }, options))[0]).toEqual({
      path: 'action.payload.a',
      message: 'is not a JSON value (a undefined)',
    });
  });

  it('allows catalogue variables that do not apply to the event, but not keys of keyless variables', () => {
    expect(() =>
      validatePayloadTemplate({ a: '${run_name} ${artifact_metadata.acc}' }, options),
    ).not.toThrow();
    expect(errorsOf(() => validatePayloadTemplate({ a: '${run_name.x}' }, options))[0]?.message).toMatch(
      /has no keys to read/,
    );
    expect(
      errorsOf(() => validatePayloadTemplate({ a: '${artifact_metadata.}' }, options))[0]?.message,
    ).toMatch(/needs a key after the dot/);
  });

  it('refuses applicable-only violations when the caller passes the event variables', () => {
    const narrow = { variables: new Set(['run_name', 'run_id']), secrets: new Set<string>() };
    expect(errorsOf(() => validatePayloadTemplate({ a: '${alias}' }, narrow))[0]?.message).toMatch(
      /"\$\{alias\}" has no value for this event; available: run_name, run_id/,
    );
  });

  it('reports every problem at once', () => {
    const errors = errorsOf(() =>
      validatePayloadTemplate({ a: '${nope}', b: ['${alias', '${NOPE}'] }, options),
    );
    expect(errors.map((e) => e.path)).toEqual([
      'action.payload.b[0]',
      'action.payload.a',
      'action.payload.b[1]',
    ]);
  });
});

describe('templateSecretNames', () => {
  it('lists the names that are not catalogue variables, once each', () => {
    expect(
      templateSecretNames({ a: '${ACCESS_TOKEN} ${run_name} ${SIGNING_KEY}', b: '${ACCESS_TOKEN}' }),
    ).toEqual(['ACCESS_TOKEN', 'SIGNING_KEY']);
    expect(templateSecretNames('{"a": ${my_secret}, "b": "${artifact_metadata.X}"}')).toEqual(['my_secret']);
  });
});

describe('message templates', () => {
  it('renders plain text without JSON escaping', () => {
    expect(renderMessageTemplate('"${run_name}" hit ${metric_value} $${x}', values)).toBe(
      '"resnet-50" hit 2.5 ${x}',
    );
  });

  it('names line and column of problems', () => {
    const errors = errorsOf(() =>
      validateMessageTemplate('ok\nbad ${nope}', { ...options, path: 'action.title' }),
    );
    expect(errors[0]?.path).toBe('action.title');
    expect(errors[0]?.message).toMatch(/^line 2, column 5: unknown variable/);
  });
});
