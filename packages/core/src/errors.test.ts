import { describe, expect, it } from 'vitest';
import { invalidFields, MAX_LISTED_FIELD_ERRORS } from './errors.js';

describe('invalidFields', () => {
  it('names one error in full', () => {
    const error = invalidFields([{ path: 'name', message: 'is required' }]);
    expect(error.status).toBe(422);
    expect(error.message).toBe('name: is required');
    expect(error.errors).toEqual([{ path: 'name', message: 'is required' }]);
  });

  it('counts every error of a body wrong everywhere but lists only the first ones', () => {
    const errors = Array.from({ length: 100_001 }, (_, i) => ({
      path: `manifest[${i}].path`,
      message: 'is required',
    }));
    const error = invalidFields(errors);
    const firstTen = errors.slice(0, 10).map((e) => e.path);
    expect(error.message).toBe(`100001 fields are invalid: ${firstTen.join(', ')}, and 99991 more`);
    expect(error.errors).toHaveLength(MAX_LISTED_FIELD_ERRORS);
    expect(error.errors[0]).toEqual(errors[0]);
  });
});
