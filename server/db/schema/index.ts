export * from './members.js';
export * from './auth.js';
export * from './mail.js';
export * from './audit.js';
