/**
 * The policy interface. A policy is declared once with `definePolicy`: a name, the phase of the request
 * lifecycle where it acts, the policies it depends on, a zod schema for its options, and a factory that turns
 * validated options into hooks. The pipeline runs the hooks of one phase one after another, in table order
 * (see `table.ts` and docs/policies.md).
 */
import type {
  GraphQLRequestContext,
  GraphQLRequestContextDidResolveOperation,
  GraphQLRequestContextWillSendResponse,
  HTTPGraphQLRequest,
} from '@apollo/server';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { SupergraphView } from '../supergraph/supergraph-view.js';
import type { HubContext } from './hub-context.js';

/**
 * Where a policy acts. `context`: while the GraphQL context is built (auth). `request`: Apollo's
 * `requestDidStart`, before parsing (persisted operations). `operation`: `didResolveOperation`, once the
 * operation is parsed, validated and known (authorization, cost limits, quotas). `response`:
 * `willSendResponse` (usage, logging).
 */
export type PolicyPhase = 'context' | 'request' | 'operation' | 'response';

export const POLICY_PHASES: readonly PolicyPhase[] = ['context', 'request', 'operation', 'response'];

export interface ContextHookInput {
  readonly context: HubContext;
  readonly http: HTTPGraphQLRequest;
}

type Awaitable = void | Promise<void>;

/** The hooks a policy may implement, one per phase; it must implement the one of its own phase. */
export interface PolicyHooks {
  readonly context?: (input: ContextHookInput) => Awaitable;
  readonly request?: (requestContext: GraphQLRequestContext<HubContext>) => Awaitable;
  readonly operation?: (requestContext: GraphQLRequestContextDidResolveOperation<HubContext>) => Awaitable;
  readonly response?: (requestContext: GraphQLRequestContextWillSendResponse<HubContext>) => Awaitable;
}

/** What the hub hands to a policy factory. */
export interface PolicyDeps {
  /** A child logger bound to `{ policy: name }`. */
  readonly logger: Logger;
  /** The current supergraph and the metadata (`@authenticated`, `@cost`, …) of a request's schema. */
  readonly supergraph: SupergraphView;
}

export interface PolicySpec<Options extends z.ZodObject, Phase extends PolicyPhase> {
  readonly name: string;
  readonly phase: Phase;
  readonly dependsOn?: readonly string[];
  /** Whether the policy runs when the configuration does not mention it; default false. */
  readonly enabledByDefault?: boolean;
  /** Its options; unknown keys should be rejected (`z.strictObject`) so typos surface at boot. */
  readonly options: Options;
  readonly create: (
    options: z.output<Options>,
    deps: PolicyDeps,
  ) => PolicyHooks & Required<Pick<PolicyHooks, Phase>>;
}

/** A policy the hub can run, as the table and the boot checks see it. */
export interface PolicyDefinition {
  readonly kind: 'policy';
  readonly name: string;
  readonly phase: PolicyPhase;
  readonly dependsOn: readonly string[];
  readonly enabledByDefault: boolean;
  readonly options: z.ZodObject;
  /** Builds the hooks from options already validated by `options` at config load. */
  readonly instantiate: (options: unknown, deps: PolicyDeps) => PolicyHooks;
}

/** A policy that has its place in the table but is not implemented yet; enabling it is a config error. */
export interface PlannedPolicy {
  readonly kind: 'planned';
  readonly name: string;
  readonly phase: PolicyPhase;
  readonly dependsOn: readonly string[];
}

export type PolicyTableEntry = PolicyDefinition | PlannedPolicy;

export function definePolicy<Options extends z.ZodObject, Phase extends PolicyPhase>(
  spec: PolicySpec<Options, Phase>,
): PolicyDefinition {
  return Object.freeze({
    kind: 'policy',
    name: spec.name,
    phase: spec.phase,
    dependsOn: Object.freeze([...(spec.dependsOn ?? [])]),
    enabledByDefault: spec.enabledByDefault ?? false,
    options: spec.options,
    // The options were validated at config load; parsing again (once, at boot) recovers their static type
    // without a cast and is idempotent because defaults are already applied.
    instantiate: (options: unknown, deps: PolicyDeps) => spec.create(spec.options.parse(options), deps),
  });
}

export function plannedPolicy(
  entry: Omit<PlannedPolicy, 'kind' | 'dependsOn'> & { dependsOn?: readonly string[] },
): PlannedPolicy {
  return Object.freeze({
    kind: 'planned',
    name: entry.name,
    phase: entry.phase,
    dependsOn: entry.dependsOn ?? [],
  });
}
