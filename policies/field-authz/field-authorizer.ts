/**
 * Field-level authorization for one supergraph: the pure core the hub's `field-authz` policy calls in
 * `didResolveOperation`. Pure: no Node or Apollo. Build one per supergraph (its caches belong to that schema).
 *
 * Per document (cached by the `DocumentNode`, which Apollo Server's document store reuses): the operation plan.
 * Per (plan, caller facts key): the outcome, in a bounded cache. Per request: the caller's facts (their scopes
 * that some requirement mentions, and the names of the configured policies their claims satisfy) and lookups.
 */
import {
  getOperationAST,
  Kind,
  print,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
} from 'graphql';
import { createBoundedCache, type BoundedCache } from '../../lib/bounded-cache.js';
import { callerFactsOf, type AuthzPrincipal, type KeyedCallerFacts } from './caller-facts.js';
import { evaluatePlan } from './evaluate.js';
import {
  deniedFieldsOf,
  filterDocument,
  type DeniedField,
  type FilteredDocument,
} from './filter-document.js';
import { filterSchemaForIntrospection, hiddenElements } from './introspection-filter.js';
import { planOperation, type OperationPlan } from './operation-requirements.js';
import type { FieldAuthzOptions } from './options.js';
import { RequirementIndex, type AuthorizationMetadata, type RequirementWarning } from './requirements.js';

export type FieldAuthzOutcome =
  /** Nothing denied: run the operation as it is. */
  | { readonly kind: 'allowed' }
  /** `filter` mode: run `filtered.document` (its printed form is `source`), then shape the response. */
  | { readonly kind: 'filtered'; readonly filtered: FilteredDocument; readonly source: string }
  /** `reject` mode (403 `FORBIDDEN_OPERATION`): the sorted, distinct denied coordinates. */
  | {
      readonly kind: 'rejected';
      readonly denied: readonly DeniedField[];
      readonly coordinates: readonly string[];
    }
  /** `dry-run` mode: run the operation as it is, log and report what would have been denied. */
  | { readonly kind: 'dry-run'; readonly denied: readonly DeniedField[] }
  /** The operation has more selections than `maxSelections` once fragments are expanded (fail closed, 403). */
  | { readonly kind: 'too-complex'; readonly maxSelections: number }
  /** `introspection: off` and the operation selects `__schema` or `__type` (403). */
  | { readonly kind: 'introspection-disabled' };

export interface FieldAuthorizerInput {
  readonly options: FieldAuthzOptions;
  /** The API schema clients query (the gateway's `schema`). */
  readonly schema: GraphQLSchema;
  /** The supergraph's directive metadata (`prepareSupergraph(...).metadata`). */
  readonly metadata: AuthorizationMetadata;
  /** Told of each lookup in the decision cache (the hub's `authz-decisions` hit ratio). */
  readonly onDecisionLookup?: (hit: boolean) => void;
}

interface PlanEntry {
  readonly id: number;
  readonly plan: OperationPlan | undefined;
}

const INTROSPECTION_CACHE_SIZE = 256;

export class FieldAuthorizer {
  readonly #options: FieldAuthzOptions;
  readonly #factsByPrincipal = new WeakMap<AuthzPrincipal, KeyedCallerFacts>();
  readonly #schema: GraphQLSchema;
  readonly #index: RequirementIndex;
  readonly #plans = new WeakMap<DocumentNode, Map<string, PlanEntry>>();
  readonly #outcomes: BoundedCache<string, FieldAuthzOutcome>;
  readonly #onDecisionLookup: ((hit: boolean) => void) | undefined;
  readonly #introspectionSchemas = createBoundedCache<string, GraphQLSchema>(INTROSPECTION_CACHE_SIZE);
  #nextPlanId = 0;

  constructor(input: FieldAuthorizerInput) {
    this.#options = input.options;
    this.#schema = input.schema;
    this.#index = new RequirementIndex({
      schema: input.schema,
      metadata: input.metadata,
      rules: input.options.rules,
      definedPolicies: new Set(Object.keys(input.options.policies)),
    });
    this.#outcomes = createBoundedCache(input.options.decisionCacheSize);
    this.#onDecisionLookup = input.onDecisionLookup;
  }

  /** Problems found when merging directives and rules; log them when the supergraph loads. */
  get warnings(): readonly RequirementWarning[] {
    return this.#index.warnings;
  }

  get mode(): FieldAuthzOptions['mode'] {
    return this.#options.mode;
  }

  factsOf(principal: AuthzPrincipal | undefined): KeyedCallerFacts {
    if (principal === undefined)
      return callerFactsOf(undefined, this.#options.policies, this.#index.scopeNames);
    // Principals are immutable and reused while their token is cached, so their facts are computed once.
    let facts = this.#factsByPrincipal.get(principal);
    if (facts === undefined) {
      facts = callerFactsOf(principal, this.#options.policies, this.#index.scopeNames);
      this.#factsByPrincipal.set(principal, facts);
    }
    return facts;
  }

  /** Decides one operation of a validated document for one caller. */
  authorize(
    document: DocumentNode,
    operationName: string | null | undefined,
    principal: AuthzPrincipal | undefined,
  ): FieldAuthzOutcome {
    const entry = this.#planFor(document, operationName ?? undefined);
    const plan = entry.plan;
    if (plan === undefined) return { kind: 'allowed' };
    if (plan.tooComplex) return { kind: 'too-complex', maxSelections: this.#options.maxSelections };
    if (plan.selectsIntrospection && this.#options.introspection === 'off') {
      return { kind: 'introspection-disabled' };
    }
    if (plan.checks.length === 0) return { kind: 'allowed' };
    const facts = this.factsOf(principal);
    const key = `${entry.id}\u0000${facts.key}`;
    let outcome = this.#outcomes.get(key);
    this.#onDecisionLookup?.(outcome !== undefined);
    if (outcome === undefined) {
      outcome = this.#decide(document, plan, facts);
      this.#outcomes.set(key, outcome);
    }
    return outcome;
  }

  /**
   * The schema to answer `__schema` / `__type` with for this caller: the API schema (`full`), the caller's
   * view of it (`filtered`, cached by caller facts) or `undefined` (`off`).
   */
  introspectionSchema(principal: AuthzPrincipal | undefined): GraphQLSchema | undefined {
    switch (this.#options.introspection) {
      case 'off':
        return undefined;
      case 'full':
        return this.#schema;
      case 'filtered': {
        const facts = this.factsOf(principal);
        let schema = this.#introspectionSchemas.get(facts.key);
        if (schema === undefined) {
          schema = filterSchemaForIntrospection(
            this.#schema,
            hiddenElements(this.#schema, this.#index, facts),
          );
          this.#introspectionSchemas.set(facts.key, schema);
        }
        return schema;
      }
    }
  }

  #decide(document: DocumentNode, plan: OperationPlan, facts: KeyedCallerFacts): FieldAuthzOutcome {
    const decision = evaluatePlan(plan, facts);
    if (decision.denied.length === 0) return { kind: 'allowed' };
    switch (this.#options.mode) {
      case 'filter': {
        const filtered = filterDocument(document, plan.operation, decision.deniedNodes, decision.denied);
        return { kind: 'filtered', filtered, source: print(filtered.document) };
      }
      case 'reject': {
        const denied = deniedFieldsOf(decision.denied);
        const coordinates = [...new Set(denied.map((field) => field.coordinate))].sort();
        return { kind: 'rejected', denied, coordinates };
      }
      case 'dry-run':
        return { kind: 'dry-run', denied: deniedFieldsOf(decision.denied) };
    }
  }

  #planFor(document: DocumentNode, operationName: string | undefined): PlanEntry {
    let byName = this.#plans.get(document);
    if (byName === undefined) {
      byName = new Map();
      this.#plans.set(document, byName);
    }
    const nameKey = operationName ?? '';
    let entry = byName.get(nameKey);
    if (entry === undefined) {
      entry = { id: this.#nextPlanId++, plan: this.#buildPlan(document, operationName) };
      byName.set(nameKey, entry);
    }
    return entry;
  }

  #buildPlan(document: DocumentNode, operationName: string | undefined): OperationPlan | undefined {
    const operation = getOperationAST(document, operationName);
    if (operation === null || operation === undefined) return undefined;
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    return planOperation(this.#schema, this.#index, operation, fragments, this.#options.maxSelections);
  }
}
