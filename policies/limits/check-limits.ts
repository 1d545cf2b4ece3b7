/**
 * Compares measured values with the configured limits. Pure: no Node or Apollo. The hub measures in three places
 * (tokens before parsing, the operation's shape once it is parsed, fetches once it is planned) and checks what it
 * has each time: a measure that is absent is not checked.
 */
import type { OperationMetrics } from './operation-metrics.js';
import type { LimitName, LimitsOptions } from './options.js';

export interface LimitMeasures extends Partial<OperationMetrics> {
  readonly tokens?: number;
  readonly subgraphFetches?: number;
}

export type LimitCode =
  | 'MAX_TOKENS_EXCEEDED'
  | 'MAX_DEPTH_EXCEEDED'
  | 'MAX_HEIGHT_EXCEEDED'
  | 'MAX_ALIASES_EXCEEDED'
  | 'MAX_DIRECTIVES_EXCEEDED'
  | 'MAX_ROOT_FIELDS_EXCEEDED'
  | 'MAX_SUBGRAPH_FETCHES_EXCEEDED';

interface LimitDefinition {
  readonly name: LimitName;
  readonly measure: keyof LimitMeasures;
  readonly code: LimitCode;
}

/** Each limit, the measure it bounds and the stable error code of a breach, in the order they are checked. */
export const LIMITS: readonly LimitDefinition[] = [
  { name: 'maxTokens', measure: 'tokens', code: 'MAX_TOKENS_EXCEEDED' },
  { name: 'maxDepth', measure: 'depth', code: 'MAX_DEPTH_EXCEEDED' },
  { name: 'maxHeight', measure: 'height', code: 'MAX_HEIGHT_EXCEEDED' },
  { name: 'maxAliases', measure: 'aliases', code: 'MAX_ALIASES_EXCEEDED' },
  { name: 'maxDirectives', measure: 'directives', code: 'MAX_DIRECTIVES_EXCEEDED' },
  { name: 'maxRootFields', measure: 'rootFields', code: 'MAX_ROOT_FIELDS_EXCEEDED' },
  { name: 'maxSubgraphFetches', measure: 'subgraphFetches', code: 'MAX_SUBGRAPH_FETCHES_EXCEEDED' },
];

export interface LimitBreach {
  /** The option that was exceeded, e.g. `maxDepth`: the error's `extensions.limit`. */
  readonly limit: LimitName;
  readonly code: LimitCode;
  /** `enforce`: refuse the operation. `measure`: run it and log the breach. */
  readonly mode: 'measure' | 'enforce';
  readonly max: number;
  readonly actual: number;
}

/** Every limit the measures exceed (`actual > max`), skipping limits that are `off`. */
export function checkLimits(measures: LimitMeasures, options: LimitsOptions): LimitBreach[] {
  const breaches: LimitBreach[] = [];
  for (const { name, measure, code } of LIMITS) {
    const { mode, max } = options[name];
    const actual = measures[measure];
    if (mode === 'off' || actual === undefined || actual <= max) continue;
    breaches.push({ limit: name, code, mode, max, actual });
  }
  return breaches;
}
