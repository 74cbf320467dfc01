export * from './members.js';
export * from './auth.js';
export * from './mail.js';
export * from './audit.js';
export * from './producers.js';
export * from './contracts.js';
export * from './payments.js';
export * from './treasury.js';
