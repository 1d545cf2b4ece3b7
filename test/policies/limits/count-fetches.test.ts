import type { FetchNode, QueryPlan } from '@apollo/query-planner';
import { OperationTypeNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { BENCH_QUERY } from '../../../bench/bench-query.js';
import { countFetches, PlanFetchCounts } from '../../../policies/limits/count-fetches.js';
import { exampleSupergraph } from '../../helpers/example-supergraph.js';

const example = exampleSupergraph();

describe('countFetches over plans of the real query planner', () => {
  it('one subgraph: a single Fetch', () => {
    const plan = example.plan('{ topProducts { name } }');
    expect(plan.node?.kind).toBe('Fetch');
    expect(countFetches(plan)).toBe(1);
  });

  it('the bench query: Fetches inside Sequence, Parallel and Flatten', () => {
    const plan = example.plan(BENCH_QUERY);
    expect(plan.node?.kind).toBe('Sequence');
    // products, then reviews (→ accounts ‖ products) ‖ inventory
    expect(countFetches(plan)).toBe(5);
  });

  it('a Condition (@include on a variable): the larger branch, since only one of them runs', () => {
    const plan = example.plan(
      'query ($withShipping: Boolean!) { topProducts { name shippingEstimate @include(if: $withShipping) } }',
    );
    expect(JSON.stringify(plan)).toContain('"kind":"Condition"');
    expect(countFetches(plan)).toBe(2);
  });

  it('a Defer: the primary part and every deferred part', () => {
    const planner = exampleSupergraph({ incrementalDelivery: { enableDefer: true } });
    const plan = planner.plan(
      '{ topProducts { name ... @defer { shippingEstimate } ... @defer { reviews { body } } } }',
    );
    expect(plan.node?.kind).toBe('Defer');
    // primary: products; deferred: reviews, and products (price, weight) then inventory (@requires)
    expect(countFetches(plan)).toBe(4);
  });

  it('an empty plan (introspection only) fetches nothing', () => {
    expect(countFetches(example.plan('{ __typename }'))).toBe(0);
  });

  it('a Subscription: its primary fetch and the rest that runs per event', () => {
    // The example subgraphs have no subscriptions: the node is built by hand, typed by the planner's QueryPlan.
    const fetch = (serviceName: string, operationKind = OperationTypeNode.QUERY): FetchNode => ({
      kind: 'Fetch',
      serviceName,
      operation: '{ a }',
      operationName: undefined,
      operationKind,
    });
    const plan: QueryPlan = {
      kind: 'QueryPlan',
      node: {
        kind: 'Subscription',
        primary: fetch('reviews', OperationTypeNode.SUBSCRIPTION),
        rest: {
          kind: 'Sequence',
          nodes: [fetch('accounts'), { kind: 'Flatten', path: ['a'], node: fetch('products') }],
        },
      },
    };
    expect(countFetches(plan)).toBe(3);
  });
});

describe('PlanFetchCounts', () => {
  it('counts each plan once and answers later requests from the cache', () => {
    const plan = example.plan(BENCH_QUERY);
    let reads = 0;
    const watched = new Proxy(plan, {
      get(target, property, receiver) {
        if (property === 'node') reads += 1;
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const counts = new PlanFetchCounts();
    expect(counts.get(watched)).toBe(5);
    for (let request = 0; request < 100; request += 1) expect(counts.get(watched)).toBe(5);
    expect(reads).toBe(1);
  });
});
