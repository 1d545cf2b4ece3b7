/**
 * The hub's policies, in the order they run. Within one phase the pipeline awaits each policy in turn, top to
 * bottom; phases follow Apollo Server's request lifecycle (context → request → operation → response).
 * `planned` rows hold the place of policies that later work fills in; enabling one is a config error.
 * The top-level config keys `auth` and `authorization` enable the `auth` and `field-authz` rows (see
 * hub/config/policy-shorthands.ts).
 */
import { authPolicy } from '../../policies/auth/index.js';
import { fieldAuthzPolicy } from '../../policies/field-authz/index.js';
import { requestLoggingPolicy } from '../../policies/request-logging/index.js';
import { plannedPolicy, type PolicyTableEntry } from './policy.js';

export const policyTable: readonly PolicyTableEntry[] = Object.freeze([
  authPolicy,
  plannedPolicy({ name: 'persisted-operations', phase: 'request' }),
  fieldAuthzPolicy,
  plannedPolicy({ name: 'limits', phase: 'operation' }),
  plannedPolicy({ name: 'quotas', phase: 'operation', dependsOn: ['auth'] }),
  plannedPolicy({ name: 'usage', phase: 'response' }),
  requestLoggingPolicy,
]);
