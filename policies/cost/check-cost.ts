/**
 * Compares an operation's estimated cost with the configured maxima. Pure: no Node or Apollo.
 */
import type { CostEstimate } from './compile-cost.js';
import type { CostOptions } from './options.js';

export type CostCode =
  'COST_LIMIT_EXCEEDED' | 'SUBGRAPH_COST_LIMIT_EXCEEDED' | 'ONE_SLICING_ARGUMENT_REQUIRED';

export type CostBreach =
  | {
      readonly code: 'COST_LIMIT_EXCEEDED';
      readonly mode: 'measure' | 'enforce';
      readonly limit: 'maxCost';
      readonly max: number;
      readonly actual: number;
    }
  | {
      readonly code: 'SUBGRAPH_COST_LIMIT_EXCEEDED';
      readonly mode: 'measure' | 'enforce';
      readonly limit: 'maxCost';
      readonly subgraph: string;
      readonly max: number;
      readonly actual: number;
    }
  | {
      /** A field with `requireOneSlicingArgument` got none or several slicing arguments. */
      readonly code: 'ONE_SLICING_ARGUMENT_REQUIRED';
      readonly mode: 'measure' | 'enforce';
      readonly coordinate: string;
      readonly slicingArguments: readonly string[];
      readonly provided: number;
    };

/** Every breach of `estimate`, in a stable order: the operation, its subgraphs by name, slicing arguments. */
export function checkCost(estimate: CostEstimate, options: CostOptions): CostBreach[] {
  const { mode } = options;
  if (mode === 'off') return [];
  const breaches: CostBreach[] = [];
  if (estimate.cost > options.maxCost) {
    breaches.push({
      code: 'COST_LIMIT_EXCEEDED',
      mode,
      limit: 'maxCost',
      max: options.maxCost,
      actual: estimate.cost,
    });
  }
  for (const [subgraph, { maxCost }] of Object.entries(options.subgraphs).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    const actual = estimate.bySubgraph.get(subgraph) ?? 0;
    if (actual > maxCost) {
      breaches.push({
        code: 'SUBGRAPH_COST_LIMIT_EXCEEDED',
        mode,
        limit: 'maxCost',
        subgraph,
        max: maxCost,
        actual,
      });
    }
  }
  for (const violation of estimate.slicingViolations) {
    breaches.push({ code: 'ONE_SLICING_ARGUMENT_REQUIRED', mode, ...violation });
  }
  return breaches;
}
