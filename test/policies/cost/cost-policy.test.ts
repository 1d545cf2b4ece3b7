/**
 * Demand control (the `cost` policy) in the real hub over the example subgraphs, every subgraph request
 * recorded: estimates from `@cost` / `@listSize` and the variables, refusals before any subgraph is asked
 * (whole operation, also for a per-subgraph maximum), measure mode, the exposed cost, and the request fact.
 */
import { z } from 'zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BENCH_QUERY } from '../../../bench/bench-query.js';
import { definePolicy } from '../../../policies/contract/policy.js';
import { OPERATION_COST } from '../../../policies/contract/request-facts.js';
import { readFixture } from '../../helpers/compose-supergraph.js';
import { principal, startPolicyKit, type PolicyKit } from '../../helpers/policy-kit.js';

const PRODUCTION = { maskErrors: true } as const;
const READER = principal(['read:users']);

/** `{ topProducts { reviews { author { … id } } } }`: `pairs` reviews/author pairs, depth 2 + 2 × pairs. */
function reviewsAuthors(pairs: number): string {
  return `{ topProducts { ${'reviews { author { '.repeat(pairs)}id${' } }'.repeat(pairs)} } }`;
}

function codes(body: { errors?: { extensions?: Record<string, unknown> }[] }): unknown[] {
  return (body.errors ?? []).map((error) => error.extensions?.['code']);
}

describe('cost with its defaults (enforce, maxCost 50 000)', () => {
  let kit: PolicyKit;
  beforeAll(async () => {
    kit = await startPolicyKit({ config: PRODUCTION });
  });
  afterAll(async () => {
    await kit.close();
  });
  beforeEach(() => {
    kit.clearRequests();
  });

  it.each([
    ['the bench query (1 120)', BENCH_QUERY],
    ['the gateway benchmark query (28 875)', readFixture('operations/gateways-benchmark.graphql')],
    ['the README query', readFixture('operations/readme-top-products.graphql')],
  ])('%s passes', async (_name, query) => {
    const result = await kit.run(query, { principal: READER });
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
  });

  it('refuses the 20-deep reviews { author { … } } recursion (within maxDepth) by its cost, asking no subgraph', async () => {
    // depth 20 = maxDepth: the limits pass it; 5 products × (10 reviews × (1 + 1 author × …)) does not.
    const result = await kit.run(reviewsAuthors(9));
    expect(result.status).toBe(400);
    expect(codes(result.body)).toEqual(['COST_LIMIT_EXCEEDED']);
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ limit: 'maxCost', max: 50_000 });
    expect(result.body.errors?.[0]?.extensions?.['actual']).toBeGreaterThan(1_000_000_000);
    expect(kit.requests).toEqual([]);
  });

  it('reads slicing arguments from the variables: the same document passes with 2 and is refused with 5 000', async () => {
    const query = 'query Related($n: Int) { topProducts(first: $n) { relatedProducts { upc } } }';
    const small = await kit.run(query, { variables: { n: 2 } });
    expect(small.status).toBe(200);
    kit.clearRequests();
    const large = await kit.run(query, { variables: { n: 5000 } });
    expect(large.status).toBe(400);
    // 5 000 × (Product 1 + relatedProducts (first = 3) × (5 + Product 1 … as Apollo weighs it))
    expect(large.body.errors).toEqual([
      {
        message: 'The operation costs too much (estimated 80000, at most 50000 allowed)',
        extensions: { code: 'COST_LIMIT_EXCEEDED', limit: 'maxCost', max: 50_000, actual: 80_000 },
      },
    ]);
    expect(kit.requests).toEqual([]);
  });
});

describe('cost configured', () => {
  it('measure mode: runs and logs the breach', async () => {
    const kit = await startPolicyKit({ config: { ...PRODUCTION, cost: { mode: 'measure', maxCost: 10 } } });
    try {
      const result = await kit.run(BENCH_QUERY, { principal: READER });
      expect(result.status).toBe(200);
      expect(kit.logs.lines).toContainEqual(
        expect.objectContaining({
          policy: 'cost',
          msg: 'operation cost over the limit (measure mode)',
          code: 'COST_LIMIT_EXCEEDED',
          max: 10,
          actual: 1120,
          requestId: result.headers.get('x-request-id'),
        }),
      );
    } finally {
      await kit.close();
    }
  });

  it('a subgraph maximum refuses the whole operation before any fetch', async () => {
    const kit = await startPolicyKit({
      config: { ...PRODUCTION, cost: { subgraphs: { reviews: { maxCost: 100 } } } },
    });
    try {
      const result = await kit.run(BENCH_QUERY, { principal: READER });
      expect(result.status).toBe(400);
      expect(result.body.errors).toEqual([
        {
          message: 'The operation costs subgraph "reviews" too much (estimated 1100, at most 100 allowed)',
          extensions: {
            code: 'SUBGRAPH_COST_LIMIT_EXCEEDED',
            limit: 'maxCost',
            subgraph: 'reviews',
            max: 100,
            actual: 1100,
          },
        },
      ]);
      expect(kit.requests).toEqual([]);
      expect((await kit.run('{ topProducts(first: 1) { upc } }')).status).toBe(200);
    } finally {
      await kit.close();
    }
  });

  it('exposes { estimated, actual, max } in extensions and headers when asked, and publishes the estimate', async () => {
    const seen: unknown[] = [];
    const quota = definePolicy({
      name: 'quota-probe',
      phase: 'operation',
      dependsOn: ['cost'],
      enabledByDefault: true,
      options: z.strictObject({}),
      reads: [OPERATION_COST],
      create: (_options, { facts }) => ({
        operation: ({ contextValue }) => void seen.push(facts.read(contextValue.state, OPERATION_COST)),
      }),
    });
    const kit = await startPolicyKit({
      config: { ...PRODUCTION, cost: { expose: { extensions: true, headers: true } } },
      add: [quota],
    });
    try {
      // topProducts(first: 1000) estimates 1 000 products (objects weigh 1); the actual cost counts those returned.
      const result = await kit.run('{ topProducts(first: 1000) { upc } }');
      const returned = (result.body.data?.['topProducts'] as unknown[]).length;
      expect(returned).toBeLessThan(1000);
      expect(result.body.extensions).toEqual({ cost: { estimated: 1000, actual: returned, max: 50_000 } });
      expect(result.headers.get('x-atrium-cost-estimated')).toBe('1000');
      expect(result.headers.get('x-atrium-cost-actual')).toBe(String(returned));
      expect(result.headers.get('x-atrium-cost-max')).toBe('50000');
      expect(seen).toEqual([
        {
          estimated: 1000,
          // `upc` is a key every product subgraph resolves; scalars weigh 0.
          bySubgraph: new Map([
            ['products', 1000],
            ['inventory', 0],
            ['reviews', 0],
          ]),
          max: 50_000,
          actual: expect.any(Function) as unknown,
        },
      ]);
      // The fact's `actual` (what quotas settle a budget with) agrees with the reported actual cost.
      const fact = seen[0] as { actual: (data: unknown) => number };
      expect(fact.actual(result.body.data)).toBe(returned);
    } finally {
      await kit.close();
    }
  });

  it('is off in the response by default', async () => {
    const kit = await startPolicyKit({ config: PRODUCTION });
    try {
      const result = await kit.run('{ topProducts(first: 1) { upc } }');
      expect(result.body).toEqual({ data: { topProducts: [{ upc: '1' }] } });
      expect(result.headers.get('x-atrium-cost-estimated')).toBeNull();
    } finally {
      await kit.close();
    }
  });
});
