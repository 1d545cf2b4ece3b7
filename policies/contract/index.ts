/**
 * The policy contract: everything a policy may import besides `lib/` and its own folder. It imports nothing of
 * `hub/` nor of any policy.
 */
export * from './client-records.js';
export * from './directive-arguments.js';
export * from './hub-context.js';
export * from './hub-error.js';
export * from './hub-settings.js';
export * from './policy.js';
export * from './policy-deps.js';
export * from './policy-events.js';
export * from './persisted-operations.js';
export * from './principal.js';
export * from './refusal.js';
export * from './request-facts.js';
export * from './request-state.js';
export * from './spec-directive.js';
export * from './supergraph-view.js';
