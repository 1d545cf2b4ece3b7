/**
 * The hub's policies, in the order they run. Within one phase the pipeline awaits each policy in turn, top to
 * bottom; phases follow Apollo Server's request lifecycle (context → request → operation → response).
 * `planned` rows hold the place of policies that later work fills in; enabling one is a config error.
 */
import { requestLoggingPolicy } from '../../policies/request-logging/index.js';
import { plannedPolicy, type PolicyTableEntry } from './policy.js';

export const policyTable: readonly PolicyTableEntry[] = Object.freeze([
  plannedPolicy({ name: 'auth', phase: 'context' }),
  plannedPolicy({ name: 'persisted-operations', phase: 'request' }),
  plannedPolicy({ name: 'field-authz', phase: 'operation', dependsOn: ['auth'] }),
  plannedPolicy({ name: 'limits', phase: 'operation' }),
  plannedPolicy({ name: 'quotas', phase: 'operation', dependsOn: ['auth'] }),
  plannedPolicy({ name: 'usage', phase: 'response' }),
  requestLoggingPolicy,
]);
