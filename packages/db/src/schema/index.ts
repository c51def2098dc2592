export * from './users.js';
export * from './sessions.js';
export * from './auth-throttle.js';
export * from './events.js';
export * from './devices.js';
export * from './conversations.js';
export * from './presence.js';
export * from './media.js';
