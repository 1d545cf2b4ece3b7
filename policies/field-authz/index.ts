/**
 * `field-authz`: enforces `@authenticated`, `@requiresScopes` and `@policy` from the supergraph, plus rules from
 * the configuration, on every field an operation selects. See README.md. The hub wires `FieldAuthorizer` into
 * `didResolveOperation` (filtering before query planning) and `applyDenials` into `willSendResponse`.
 */
export {
  applyDenials,
  denialErrors,
  UNAUTHORIZED_FIELD_OR_TYPE,
  type DenialError,
  type ShapedResponse,
} from './apply-denials.js';
export {
  ANONYMOUS_FACTS,
  callerFactsOf,
  type AuthzPrincipal,
  type KeyedCallerFacts,
} from './caller-facts.js';
export { matchesClaims } from './claim-predicate.js';
export { evaluatePlan, type PlanDecision } from './evaluate.js';
export { FieldAuthorizer, type FieldAuthorizerInput, type FieldAuthzOutcome } from './field-authorizer.js';
export {
  filterDocument,
  type DeniedField,
  type FilteredDocument,
  type ResponseShaping,
} from './filter-document.js';
export { useFilteredDocument } from './gateway-document.js';
export { filterSchemaForIntrospection, hiddenElements, type HiddenElements } from './introspection-filter.js';
export {
  planOperation,
  type FieldCheck,
  type OperationPlan,
  type PathSegment,
} from './operation-requirements.js';
export {
  fieldAuthzOptions,
  type ClaimPredicate,
  type FieldAuthzMode,
  type FieldAuthzOptions,
  type FieldAuthzOptionsInput,
  type FieldAuthzRule,
  type IntrospectionMode,
} from './options.js';
export { allOf, isSatisfiedBy, NO_REQUIREMENT, type CallerFacts, type Requirement } from './requirement.js';
export { RequirementIndex, type AuthorizationMetadata, type RequirementWarning } from './requirements.js';

/** 403 in `reject` mode: the operation selects fields the caller may not read; `coordinates` lists them. */
export const FORBIDDEN_OPERATION = 'FORBIDDEN_OPERATION';

export { createFieldAuthz, fieldAuthzPolicy } from './policy.js';
export { answerIntrospection, introspectionDocument } from './introspection-answer.js';
