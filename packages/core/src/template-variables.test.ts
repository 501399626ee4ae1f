// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about ${…} placeholders written in plain strings.
import { describe, expect, it } from 'vitest';
import { renderPayloadTemplate, validatePayloadTemplate } from './payload-template.js';
import {
  sampleTemplateValues,
  TEMPLATE_VARIABLE_NAMES,
  TEMPLATE_VARIABLES,
  templateVariablesFor,
} from './template-variables.js';

const EVERY = [
  'automation_name',
  'event_type',
  'event_author',
  'entity_name',
  'project_name',
  'event_time',
  'execution_id',
  'automation_url',
];
const ARTIFACT = [
  'artifact_collection_name',
  'artifact_version',
  'artifact_version_string',
  'artifact_version_index',
  'artifact_metadata',
];
const RUN = ['run_id', 'run_name', 'run_status', 'run_url'];
const METRIC = ['metric_name', 'metric_value', 'metric_values', 'metric_filter', 'metric_filter_short'];

describe('templateVariablesFor', () => {
  it.each([
    ['CREATE_ARTIFACT', [...EVERY, ...ARTIFACT]],
    ['LINK_ARTIFACT', [...EVERY, ...ARTIFACT]],
    ['UNLINK_ARTIFACT', [...EVERY, ...ARTIFACT]],
    ['ADD_ARTIFACT_ALIAS', [...EVERY, ...ARTIFACT, 'alias']],
    ['ADD_ARTIFACT_TAG', [...EVERY, ...ARTIFACT, 'tag']],
    ['REMOVE_ARTIFACT_TAG', [...EVERY, ...ARTIFACT, 'tag']],
    ['RUN_METRIC_THRESHOLD', [...EVERY, ...RUN, ...METRIC]],
    ['RUN_METRIC_CHANGE', [...EVERY, ...RUN, ...METRIC]],
    ['RUN_METRIC_ZSCORE', [...EVERY, ...RUN, ...METRIC]],
    ['RUN_STATE', [...EVERY, ...RUN]],
    ['NOT_AN_EVENT', EVERY],
    ['__proto__', EVERY],
  ])('gives %s exactly its variables', (eventType, expected) => {
    expect([...templateVariablesFor(eventType)].sort()).toEqual([...expected].sort());
  });
});

describe('TEMPLATE_VARIABLES', () => {
  it('covers the SPEC table once each, with a description and a sample', () => {
    const names = TEMPLATE_VARIABLES.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...TEMPLATE_VARIABLE_NAMES].sort()).toEqual(
      [...EVERY, ...ARTIFACT, ...RUN, ...METRIC, 'alias', 'tag'].sort(),
    );
    for (const variable of TEMPLATE_VARIABLES) {
      expect(variable.description).toMatch(/^[A-Z].*\.$/);
      expect(variable.sample).not.toBeUndefined();
    }
  });

  it('previews a template with sample values, leaving non-applicable ones empty', () => {
    const template = {
      run: '${run_name}',
      alias: '${alias}',
      type: '${event_type}',
      acc: '${artifact_metadata.accuracy}',
    };
    validatePayloadTemplate(template, { variables: TEMPLATE_VARIABLE_NAMES, secrets: new Set() });
    expect(JSON.parse(renderPayloadTemplate(template, sampleTemplateValues('ADD_ARTIFACT_ALIAS')))).toEqual({
      run: '',
      alias: 'production',
      type: 'ADD_ARTIFACT_ALIAS',
      acc: '0.93',
    });
  });
});
