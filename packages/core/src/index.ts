export * from './errors.js';
export * from './ids.js';
export * from './metric-value.js';
export * from './types.js';
