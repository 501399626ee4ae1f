export * from './automation-file.js';
export * from './automation-plan.js';
export * from './cli-config.js';
export * from './cli-error.js';
export * from './output.js';
export * from './program.js';
