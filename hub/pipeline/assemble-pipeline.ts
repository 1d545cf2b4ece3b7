/**
 * Boot: turns the policy table and the `policies` configuration into the hooks the pipeline runs, and fails
 * loudly when the combination cannot work (unknown or unavailable policy, missing dependency, a request fact
 * read without depending on its publisher).
 */
import type { Logger } from 'pino';
import type {
  HookOf,
  PolicyDefinition,
  PolicyHooks,
  PolicyInstance,
  PolicyPhase,
  PolicyTableEntry,
} from '../../policies/contract/policy.js';
import type { ClientRecordsView } from '../../policies/contract/client-records.js';
import type { PersistedOperationsView } from '../../policies/contract/persisted-operations.js';
import type { SupergraphView } from '../../policies/contract/supergraph-view.js';
import type { PolicyDeps } from '../../policies/contract/policy-deps.js';
import { staticClientRecords } from '../clients/client-records.js';
import { staticPersistedOperations } from '../persisted-operations/persisted-operation-sets.js';
import { HubErrors } from '../errors.js';
import { NO_POLICY_EVENTS, type PolicyEvents } from '../../policies/contract/policy-events.js';
import { REFUSAL } from '../../policies/contract/refusal.js';
import type { RequestState } from '../../policies/contract/request-state.js';
import { createPolicyFacts } from './policy-facts.js';
import { PolicyLifecycles } from './policy-lifecycles.js';

/** One policy's configuration after validation: whether it runs, and its options (validated by its schema). */
export interface PolicySettings {
  readonly enabled: boolean;
  readonly options: Readonly<Record<string, unknown>>;
}

export type PoliciesConfig = Readonly<Record<string, PolicySettings>>;

type HookFn<Phase extends PolicyPhase> = NonNullable<PolicyHooks[HookOf<Phase>]>;

export interface Pipeline {
  /** Names of the enabled policies, in table order. */
  readonly enabled: readonly string[];
  readonly context: readonly HookFn<'context'>[];
  readonly request: readonly HookFn<'request'>[];
  readonly operation: readonly HookFn<'operation'>[];
  readonly plan: readonly HookFn<'plan'>[];
  readonly subgraphRequest: readonly HookFn<'subgraph-request'>[];
  readonly response: readonly HookFn<'response'>[];
  /** The `contextRefusal` hooks of the response-phase policies. */
  readonly contextRefusal: readonly NonNullable<PolicyHooks['contextRefusal']>[];
  /** `start` / `stop` / `status` of the enabled policies. */
  readonly lifecycles: PolicyLifecycles;
}

export interface PipelineDeps {
  readonly logger: Logger;
  readonly supergraph: SupergraphView;
  /** The hub's client records; the reserved records alone when not given (a pipeline built in a test). */
  readonly clients?: ClientRecordsView | undefined;
  /** The registry's persisted operations; none when not given. */
  readonly persistedOperations?: PersistedOperationsView | undefined;
  /** The gateway's query-plan warm-up (hub/graphql/plan-warm-up.ts); nothing is warmed when not given. */
  readonly warmUp?: PolicyDeps['warmUp'];
  /** Where the policies' decisions go (the hub's metrics); nowhere when not given. */
  readonly events?: PolicyEvents | undefined;
}

type MutablePipeline = { -readonly [K in keyof Omit<Pipeline, 'lifecycles'>]: Pipeline[K][number][] };

export function assemblePipeline(
  table: readonly PolicyTableEntry[],
  config: PoliciesConfig,
  deps: PipelineDeps,
): Pipeline {
  const enabledEntries = selectEnabled(table, config);
  checkDependencies(table, enabledEntries);
  const definitions = enabledEntries.filter((entry): entry is PolicyDefinition => entry.kind === 'policy');
  checkFacts(definitions);

  const hooks: MutablePipeline = {
    enabled: [],
    context: [],
    request: [],
    operation: [],
    plan: [],
    subgraphRequest: [],
    response: [],
    contextRefusal: [],
  };
  const instances: { readonly name: string; readonly instance: PolicyInstance }[] = [];
  const clients = deps.clients ?? staticClientRecords();
  const persistedOperations = deps.persistedOperations ?? staticPersistedOperations();
  for (const entry of definitions) {
    const instance = entry.instantiate(config[entry.name]?.options ?? {}, {
      logger: deps.logger.child({ policy: entry.name }),
      supergraph: deps.supergraph,
      facts: createPolicyFacts(entry),
      clients,
      persistedOperations,
      events: deps.events ?? NO_POLICY_EVENTS,
      ...(deps.warmUp && { warmUp: deps.warmUp }),
    });
    instances.push({ name: entry.name, instance });
    hooks.enabled.push(entry.name);
    if (instance.context) {
      hooks.context.push(notingRefusal(entry.name, instance.context, (input) => input.context.state));
    }
    if (instance.request) hooks.request.push(instance.request);
    if (instance.operation) {
      hooks.operation.push(
        notingRefusal(entry.name, instance.operation, (input) => input.contextValue.state),
      );
    }
    if (instance.plan)
      hooks.plan.push(notingRefusal(entry.name, instance.plan, (input) => input.context.state));
    if (instance.subgraphRequest) hooks.subgraphRequest.push(instance.subgraphRequest);
    if (instance.response) hooks.response.push(instance.response);
    if (instance.contextRefusal) hooks.contextRefusal.push(instance.contextRefusal);
  }
  return Object.freeze({ ...hooks, lifecycles: new PolicyLifecycles(instances, deps.logger) });
}

/** Marks the request with the policy that refused it (REFUSAL), for the response phase; the error goes on. */
export function noteRefusal(state: RequestState, policy: string, error: unknown): void {
  if (state.get(REFUSAL) !== undefined) return;
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  state.set(REFUSAL, { policy, code: typeof code === 'string' ? code : undefined });
}

function notingRefusal<Input, Result extends void | Promise<void>>(
  policy: string,
  hook: (input: Input) => Result,
  stateOf: (input: Input) => RequestState,
): (input: Input) => Result {
  return (input) => {
    try {
      const pending = hook(input);
      if (pending === undefined) return pending;
      return pending.catch((error: unknown) => {
        noteRefusal(stateOf(input), policy, error);
        throw error;
      }) as Result;
    } catch (error) {
      noteRefusal(stateOf(input), policy, error);
      throw error;
    }
  };
}

function isEnabled(entry: PolicyTableEntry, config: PoliciesConfig): boolean {
  const settings = config[entry.name];
  if (settings !== undefined) return settings.enabled;
  return entry.kind === 'policy' && entry.enabledByDefault;
}

function selectEnabled(table: readonly PolicyTableEntry[], config: PoliciesConfig): PolicyTableEntry[] {
  const known = new Set(table.map((entry) => entry.name));
  const issues = Object.keys(config)
    .filter((name) => !known.has(name))
    .map((name) => ({ path: `policies.${name}`, message: `unknown policy "${name}"` }));
  const enabled = table.filter((entry) => isEnabled(entry, config));
  for (const entry of enabled) {
    if (entry.kind === 'planned') {
      issues.push({
        path: `policies.${entry.name}.enabled`,
        message: `policy "${entry.name}" is not available yet`,
      });
    }
  }
  if (issues.length > 0) throw HubErrors.CONFIG_INVALID.create({ issues });
  return enabled;
}

function checkDependencies(table: readonly PolicyTableEntry[], enabled: readonly PolicyTableEntry[]): void {
  const enabledNames = new Set(enabled.map((entry) => entry.name));
  const position = new Map(table.map((entry, index) => [entry.name, index]));
  for (const entry of enabled) {
    for (const dependency of entry.dependsOn) {
      if (!enabledNames.has(dependency)) {
        throw HubErrors.POLICY_DEPENDENCY_MISSING.create({ policy: entry.name, dependsOn: dependency });
      }
      // A table bug, not a configuration one: a policy must run after what it depends on.
      if ((position.get(dependency) ?? Infinity) > (position.get(entry.name) ?? -1)) {
        throw new Error(`Policy table: "${entry.name}" depends on "${dependency}", which runs after it`);
      }
    }
    for (const dependency of entry.kind === 'policy' ? entry.runsAfter : []) {
      if ((position.get(dependency) ?? Infinity) > (position.get(entry.name) ?? -1)) {
        throw new Error(`Policy table: "${entry.name}" runs after "${dependency}", which comes later`);
      }
    }
  }
}

/** Programming errors of a definition: a fact published by another policy, or read without depending on it. */
function checkFacts(definitions: readonly PolicyDefinition[]): void {
  for (const definition of definitions) {
    for (const fact of definition.publishes) {
      if (fact.publishedBy !== definition.name) {
        throw new Error(
          `Policy "${definition.name}" publishes ${fact.name}, which "${fact.publishedBy}" publishes`,
        );
      }
    }
    for (const fact of definition.reads) {
      if (
        !definition.dependsOn.includes(fact.publishedBy) &&
        !definition.runsAfter.includes(fact.publishedBy)
      ) {
        throw new Error(
          `Policy "${definition.name}" reads ${fact.name} but does not depend on "${fact.publishedBy}", which publishes it`,
        );
      }
    }
  }
}
