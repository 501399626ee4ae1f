export * from './app.js';
export * from './app-deps.js';
export * from './bootstrap.js';
export * from './config.js';
