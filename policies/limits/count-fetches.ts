/**
 * Subgraph fetches of a query plan from `@apollo/query-planner` (types only: no runtime import), counted once per
 * plan. Pure: no Node or Apollo runtime.
 *
 * - `Fetch`: 1. `Sequence`, `Parallel`: the sum of their nodes. `Flatten`: its node.
 * - `Condition` (`@skip`/`@include` on a `@defer`, decided per request): the larger branch, since only one runs.
 * - `Defer`: the primary part plus every deferred part (all of them run, later).
 * - `Subscription`: the primary fetch plus the `rest` that runs for each event (the count of one event's work).
 */
import type { PlanNode, QueryPlan, SubscriptionNode } from '@apollo/query-planner';

function fetchesOf(node: PlanNode | SubscriptionNode | undefined): number {
  if (node === undefined) return 0;
  switch (node.kind) {
    case 'Fetch':
      return 1;
    case 'Sequence':
    case 'Parallel':
      return node.nodes.reduce((sum, child) => sum + fetchesOf(child), 0);
    case 'Flatten':
      return fetchesOf(node.node);
    case 'Condition':
      return Math.max(fetchesOf(node.ifClause), fetchesOf(node.elseClause));
    case 'Defer':
      return node.deferred.reduce(
        (sum, deferred) => sum + fetchesOf(deferred.node),
        fetchesOf(node.primary.node),
      );
    case 'Subscription':
      return 1 + fetchesOf(node.rest);
  }
}

/** The most subgraph fetches one execution of `plan` can make. */
export function countFetches(plan: QueryPlan): number {
  return fetchesOf(plan.node);
}

/** `countFetches` remembered per plan object: the gateway caches plans, so each is counted once. */
export class PlanFetchCounts {
  readonly #counts = new WeakMap<QueryPlan, number>();

  get(plan: QueryPlan): number {
    let count = this.#counts.get(plan);
    if (count === undefined) {
      count = countFetches(plan);
      this.#counts.set(plan, count);
    }
    return count;
  }
}
