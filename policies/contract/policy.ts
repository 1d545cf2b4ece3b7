/**
 * The policy interface. A policy is declared once with `definePolicy`: a name, the phase of the request
 * lifecycle where it acts, the policies it depends on, a zod schema for its options, what it shares with the
 * hub (the spec directives it reads, its error codes, the request facts it publishes and reads, a top-level
 * config key), and a factory that turns validated options into hooks (and optionally `start` / `stop`). The
 * pipeline runs the hooks of one phase one after another, in table order (`hub/pipeline/table.ts`,
 * docs/policies.md).
 *
 * This folder is the contract between the hub and its policies: it imports nothing of `hub/` nor of any
 * policy (a lint rule keeps it so).
 */
import type { QueryPlan } from '@apollo/query-planner';
import type {
  GraphQLRequestContext,
  GraphQLRequestContextDidResolveOperation,
  GraphQLRequestContextWillSendResponse,
  HTTPGraphQLRequest,
} from '@apollo/server';
import type { z } from 'zod';
import type { HubErrorDefinition } from './hub-error.js';
import type { HubContext } from './hub-context.js';
import type { HubSettingName } from './hub-settings.js';
import type { PolicyDeps } from './policy-deps.js';
import type { Refusal } from './refusal.js';
import type { FactDeclaration } from './request-facts.js';
import type { SpecDirective } from './spec-directive.js';

/**
 * Where a policy acts, in the order a request meets them:
 * - `context`: while the GraphQL context is built, before Apollo parses or validates anything (auth, and the
 *   document limits, which must refuse before validation).
 * - `request`: Apollo's `requestDidStart`, before anything is parsed (persisted operations).
 * - `operation`: `didResolveOperation`, the operation parsed, validated and known (authorization, cost, quotas).
 * - `plan`: the query plan is known, no subgraph asked yet (fetch limits); synchronous.
 * - `subgraph-request`: each request to a subgraph, before it is sent (identity forwarding).
 * - `response`: `willSendResponse` (usage, logging).
 *
 * A refusal is a catalogue error thrown from a hook. Apollo Server answers an error thrown while the context is
 * built, in `didResolveOperation` or in execution (`plan`) with the error's status, and 500 to one thrown from
 * its other hooks (`requestDidStart`, `parsingDidStart`, `validationDidStart`: see its `requestPipeline.js`):
 * a `request` hook must not refuse, and there are no phases at parsing or validation. A refusal in the context phase ends the request before Apollo's response phase: `response`
 * hooks do not see it; a response-phase policy that must (request logging) implements `contextRefusal`.
 */
export type PolicyPhase = 'context' | 'request' | 'operation' | 'plan' | 'subgraph-request' | 'response';

export const POLICY_PHASES: readonly PolicyPhase[] = [
  'context',
  'request',
  'operation',
  'plan',
  'subgraph-request',
  'response',
];

export interface ContextHookInput {
  readonly context: HubContext;
  readonly http: HTTPGraphQLRequest;
}

export interface PlanHookInput {
  readonly queryPlan: QueryPlan;
  readonly context: HubContext;
  readonly operationName: string | null;
}

/** The headers of a request to a subgraph (the gateway's fetch `Headers`). */
export interface SubgraphRequestHeaders {
  get(name: string): string | null;
  set(name: string, value: string): void;
  delete(name: string): void;
}

export interface SubgraphRequestHookInput {
  /** The subgraph's name in the supergraph. */
  readonly subgraph: string;
  readonly context: HubContext;
  /** The request to the subgraph: set or remove headers here. */
  readonly headers: SubgraphRequestHeaders;
  /** The client's request headers, read-only. */
  readonly incomingHeaders: { get(name: string): string | null | undefined };
}

/** A request refused in the `context` phase, which therefore never reaches the `response` phase. */
export interface ContextRefusalInput {
  readonly context: HubContext;
  readonly http: HTTPGraphQLRequest;
  /** Which policy refused it, with the error's code. */
  readonly refusal: Refusal;
  /** The HTTP status the client gets. */
  readonly status: number;
}

type Awaitable = void | Promise<void>;

/** The hooks a policy may implement, one per phase; it must implement the one of its own phase. */
export interface PolicyHooks {
  readonly context?: (input: ContextHookInput) => Awaitable;
  readonly request?: (requestContext: GraphQLRequestContext<HubContext>) => Awaitable;
  readonly operation?: (requestContext: GraphQLRequestContextDidResolveOperation<HubContext>) => Awaitable;
  /** Synchronous: the gateway does not wait for it. Throw a catalogue error to refuse before any fetch. */
  readonly plan?: (input: PlanHookInput) => void;
  readonly subgraphRequest?: (input: SubgraphRequestHookInput) => Awaitable;
  readonly response?: (requestContext: GraphQLRequestContextWillSendResponse<HubContext>) => Awaitable;
  /**
   * Response-phase policies only (logging, usage): called, synchronously, for a request a `context` policy
   * refused (auth, limits, persisted operations), which Apollo answers without a response phase.
   */
  readonly contextRefusal?: (input: ContextRefusalInput) => void;
}

/** The hook of each phase. */
export const HOOK_OF_PHASE = {
  context: 'context',
  request: 'request',
  operation: 'operation',
  plan: 'plan',
  'subgraph-request': 'subgraphRequest',
  response: 'response',
} as const satisfies Record<PolicyPhase, keyof PolicyHooks>;

export type HookOf<Phase extends PolicyPhase> = (typeof HOOK_OF_PHASE)[Phase];

/** How a policy is doing, as `/ready` reports it. */
export type PolicyStatus =
  | { readonly state: 'ready' }
  /** Serving, but with less than it should (a store unreachable, answering from a fallback): /ready stays 200. */
  | { readonly state: 'degraded'; readonly reason: string }
  /** Cannot serve: /ready answers 503 and GraphQL requests are refused (POLICY_NOT_READY). */
  | { readonly state: 'unavailable'; readonly reason: string };

export interface PolicyLifecycle {
  /**
   * Called once at boot, in table order, once the hub listens (connect a store, load a manifest). Until it
   * resolves the hub is not ready (`/ready` 503, requests refused with POLICY_NOT_READY); if it rejects, the
   * hub stays so, with the reason.
   */
  start?(): Promise<void>;
  /** Called when the hub closes, in reverse table order, after in-flight requests ended (flush, close). */
  stop?(): Promise<void>;
  /** Read by `/ready` and before each request; absent means ready once started. */
  status?(): PolicyStatus;
}

export type PolicyInstance = PolicyHooks & PolicyLifecycle;

/** Where a policy's configuration may also be written, besides `policies.<name>`. */
export interface PolicyConfigSpec<
  Options extends z.ZodObject,
  Key extends string = string,
  Inherited extends HubSettingName = HubSettingName,
> {
  /** A top-level key of the hub configuration that configures this policy: `limits: { … }`. */
  readonly key?: Key;
  /**
   * Enabled, with its defaults, whenever this other policy is enabled and the configuration does not mention
   * this one (`field-authz` with `auth`: a hub that knows its callers must enforce the supergraph's directives);
   * with any of them when it names several.
   */
  readonly enabledWith?: string | readonly string[];
  /** Hub settings copied into these options; the policy's own configuration cannot set them. */
  readonly inherits?: readonly (Inherited & keyof z.output<Options>)[];
}

export interface PolicySpec<
  Options extends z.ZodObject,
  Phase extends PolicyPhase,
  Key extends string,
  Inherited extends HubSettingName,
> {
  readonly name: string;
  readonly phase: Phase;
  readonly dependsOn?: readonly string[];
  /**
   * Optional dependencies: policies that may be off, and run before this one when on. Their facts may be read
   * (absent when they are off).
   */
  readonly runsAfter?: readonly string[];
  /** Whether the policy runs when the configuration does not mention it; default false. */
  readonly enabledByDefault?: boolean;
  /** Its options; unknown keys should be rejected (`z.strictObject`) so typos surface at boot. */
  readonly options: Options;
  readonly config?: PolicyConfigSpec<Options, Key, Inherited>;
  /** The spec directives it reads from the supergraph (`supergraph.directives.get(...)`). */
  readonly directives?: readonly SpecDirective<unknown>[];
  /** Its error codes (`defineHubErrors`): part of the hub's catalogue. */
  readonly errors?: Readonly<Record<string, HubErrorDefinition>>;
  /**
   * The request facts it publishes (it must be their `publishedBy`) and reads (their publisher in `dependsOn`
   * or `runsAfter`).
   */
  readonly publishes?: readonly FactDeclaration[];
  readonly reads?: readonly FactDeclaration[];
  readonly create: (
    options: z.output<Options>,
    deps: PolicyDeps,
  ) => PolicyInstance & Required<Pick<PolicyHooks, HookOf<Phase>>>;
}

/**
 * A policy the hub can run, as the table and the boot checks see it. `Input` (what its configuration may hold,
 * inherited settings left out) and `Key` (its top-level config key) type the hub configuration.
 */
export interface PolicyDefinition<Input = unknown, Key extends string = string> {
  readonly kind: 'policy';
  readonly name: string;
  readonly phase: PolicyPhase;
  readonly dependsOn: readonly string[];
  readonly runsAfter: readonly string[];
  readonly enabledByDefault: boolean;
  readonly options: z.ZodObject;
  readonly config: PolicyConfigSpec<z.ZodObject, Key>;
  readonly directives: readonly SpecDirective<unknown>[];
  readonly errors: readonly HubErrorDefinition[];
  readonly publishes: readonly FactDeclaration[];
  readonly reads: readonly FactDeclaration[];
  /** Builds the instance from options already validated by `options` at config load. */
  readonly instantiate: (options: unknown, deps: PolicyDeps) => PolicyInstance;
  /** Types only: the configuration input. */
  readonly inputType?: Input;
}

/**
 * A policy that has its place in the table but is not implemented yet; enabling it is a config error. It may
 * already declare the spec directives it will read, so supergraphs using them are served (stripped).
 */
export interface PlannedPolicy {
  readonly kind: 'planned';
  readonly name: string;
  readonly phase: PolicyPhase;
  readonly dependsOn: readonly string[];
  readonly directives: readonly SpecDirective<unknown>[];
}

export type PolicyTableEntry = PolicyDefinition | PlannedPolicy;

export function definePolicy<
  Options extends z.ZodObject,
  Phase extends PolicyPhase,
  Key extends string = never,
  Inherited extends HubSettingName = never,
>(
  spec: PolicySpec<Options, Phase, Key, Inherited>,
): PolicyDefinition<Omit<z.input<Options>, Inherited>, Key> {
  return Object.freeze({
    kind: 'policy',
    name: spec.name,
    phase: spec.phase,
    dependsOn: Object.freeze([...(spec.dependsOn ?? [])]),
    runsAfter: Object.freeze([...(spec.runsAfter ?? [])]),
    enabledByDefault: spec.enabledByDefault ?? false,
    options: spec.options,
    config: Object.freeze({ ...spec.config }),
    directives: Object.freeze([...(spec.directives ?? [])]),
    errors: Object.freeze(Object.values(spec.errors ?? {})),
    publishes: Object.freeze([...(spec.publishes ?? [])]),
    reads: Object.freeze([...(spec.reads ?? [])]),
    // The options were validated at config load; parsing again (once, at boot) recovers their static type
    // without a cast and is idempotent because defaults are already applied.
    instantiate: (options: unknown, deps: PolicyDeps) => spec.create(spec.options.parse(options), deps),
  });
}

export function plannedPolicy(
  entry: Pick<PlannedPolicy, 'name' | 'phase'> & Partial<Pick<PlannedPolicy, 'dependsOn' | 'directives'>>,
): PlannedPolicy {
  return Object.freeze({
    kind: 'planned',
    name: entry.name,
    phase: entry.phase,
    dependsOn: Object.freeze([...(entry.dependsOn ?? [])]),
    directives: Object.freeze([...(entry.directives ?? [])]),
  });
}
