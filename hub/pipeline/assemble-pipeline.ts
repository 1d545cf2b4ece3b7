/**
 * Boot: turns the policy table and the `policies` configuration into the hooks the pipeline runs, and fails
 * loudly when the combination cannot work (unknown or unavailable policy, missing dependency).
 */
import type { Logger } from 'pino';
import { HubErrors } from '../errors.js';
import type { SupergraphView } from '../supergraph/supergraph-view.js';
import type { PolicyHooks, PolicyTableEntry } from './policy.js';

/** One policy's configuration after validation: whether it runs, and its options (validated by its schema). */
export interface PolicySettings {
  readonly enabled: boolean;
  readonly options: Readonly<Record<string, unknown>>;
}

export type PoliciesConfig = Readonly<Record<string, PolicySettings>>;

type HookOf<Phase extends keyof PolicyHooks> = NonNullable<PolicyHooks[Phase]>;

export interface Pipeline {
  /** Names of the enabled policies, in table order. */
  readonly enabled: readonly string[];
  readonly context: readonly HookOf<'context'>[];
  readonly request: readonly HookOf<'request'>[];
  readonly operation: readonly HookOf<'operation'>[];
  readonly response: readonly HookOf<'response'>[];
}

export interface PipelineDeps {
  readonly logger: Logger;
  readonly supergraph: SupergraphView;
}

export function assemblePipeline(
  table: readonly PolicyTableEntry[],
  config: PoliciesConfig,
  deps: PipelineDeps,
): Pipeline {
  const enabledEntries = selectEnabled(table, config);
  checkDependencies(table, enabledEntries);

  const pipeline = { enabled: [] as string[], context: [], request: [], operation: [], response: [] } as {
    enabled: string[];
    context: HookOf<'context'>[];
    request: HookOf<'request'>[];
    operation: HookOf<'operation'>[];
    response: HookOf<'response'>[];
  };
  for (const entry of enabledEntries) {
    if (entry.kind !== 'policy') continue;
    const hooks = entry.instantiate(config[entry.name]?.options ?? {}, {
      logger: deps.logger.child({ policy: entry.name }),
      supergraph: deps.supergraph,
    });
    pipeline.enabled.push(entry.name);
    if (hooks.context) pipeline.context.push(hooks.context);
    if (hooks.request) pipeline.request.push(hooks.request);
    if (hooks.operation) pipeline.operation.push(hooks.operation);
    if (hooks.response) pipeline.response.push(hooks.response);
  }
  return Object.freeze(pipeline);
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
  }
}
