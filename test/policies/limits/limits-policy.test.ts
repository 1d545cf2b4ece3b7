/**
 * The `limits` policy in the real hub over the example subgraphs, every subgraph request recorded: the
 * overloading cases of the graphql-cop scanner (alias and directive overloading, deep nesting, token floods,
 * batched arrays) and the ones of the issue are refused with one error and a stable code, and no subgraph is
 * asked; what real clients send passes the defaults; `measure` mode runs and logs.
 */
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BENCH_QUERY } from '../../../bench/bench-query.js';
import { readFixture } from '../../helpers/compose-supergraph.js';
import { postGraphQL } from '../../helpers/hub.js';
import { principal, startPolicyKit, type PolicyKit } from '../../helpers/policy-kit.js';

/** Production-like: no stack traces in the errors (`maskErrors`), so tests see what a client sees. */
const PRODUCTION = { maskErrors: true } as const;
/** Reads User.birthday (field-authz is on with the kit's auth), so nothing is filtered. */
const READER = principal(['read:users']);

/** `{ topProducts { reviews { author { reviews { author … } } } } }` with `pairs` reviews/author pairs. */
function reviewsAuthors(pairs: number): string {
  return `{ topProducts { ${'reviews { author { '.repeat(pairs)}id${' } }'.repeat(pairs)} } }`;
}

function codes(body: { errors?: { extensions?: Record<string, unknown> }[] }): unknown[] {
  return (body.errors ?? []).map((error) => error.extensions?.['code']);
}

describe('limits with their defaults', () => {
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
    ['the bench query', BENCH_QUERY],
    ['the README query', readFixture('operations/readme-top-products.graphql')],
    ['the gateway benchmark query (depth 8)', readFixture('operations/gateways-benchmark.graphql')],
    [
      'the full introspection query',
      getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
        // Not `oneOf`: @apollo/gateway's API schema has no `__Type.isOneOf` (OPERATION_NOT_PLANNABLE, limits or not).
      }),
    ],
  ])('%s passes', async (_name, query) => {
    const result = await kit.run(query, { principal: READER });
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
  });

  it('alias overloading (120 aliases): one MAX_ALIASES_EXCEEDED, no subgraph asked', async () => {
    const aliases = Array.from({ length: 120 }, (_, index) => `a${index}: upc`).join(' ');
    const result = await kit.run(`{ topProducts { ${aliases} } }`);
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual([
      {
        message: 'The operation has too many aliases (120, at most 30 allowed)',
        extensions: { code: 'MAX_ALIASES_EXCEEDED', limit: 'maxAliases', max: 30, actual: 120 },
      },
    ]);
    expect(kit.requests).toEqual([]);
  });

  it('the issue’s 2,000 aliases and 200 root fields are refused (by their 6,000 and 2,000 tokens, first)', async () => {
    const aliases = Array.from({ length: 2000 }, (_, index) => `a${index}: upc`).join(' ');
    const roots = Array.from({ length: 200 }, (_, index) => `p${index}: product(upc: "1") { upc }`).join(' ');
    for (const query of [`{ topProducts { ${aliases} } }`, `{ ${roots} }`]) {
      const result = await kit.run(query);
      expect(result.status).toBe(400);
      expect(codes(result.body)).toEqual(['MAX_TOKENS_EXCEEDED']);
    }
    expect(kit.requests).toEqual([]);
  });

  it('25 aliased root lookups: MAX_ROOT_FIELDS_EXCEEDED', async () => {
    const roots = Array.from({ length: 25 }, (_, index) => `p${index}: product(upc: "1") { upc }`).join(' ');
    const result = await kit.run(`{ ${roots} }`);
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions).toEqual({
      code: 'MAX_ROOT_FIELDS_EXCEEDED',
      limit: 'maxRootFields',
      max: 20,
      actual: 25,
    });
    expect(kit.requests).toEqual([]);
  });

  it('300 unknown directives on one field: ONE MAX_DIRECTIVES_EXCEEDED, not 100 validation errors', async () => {
    const result = await kit.run(`{ topProducts { upc ${'@nope '.repeat(300)}} }`);
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual([
      {
        message: 'The operation applies too many directives (300, at most 30 allowed)',
        extensions: { code: 'MAX_DIRECTIVES_EXCEEDED', limit: 'maxDirectives', max: 30, actual: 300 },
      },
    ]);
    expect(kit.requests).toEqual([]);
  });

  it('directive overloading in a fragment no operation uses is refused the same way', async () => {
    const result = await kit.run(
      `{ topProducts { upc } } fragment Unused on Product { upc ${'@include(if: true) '.repeat(60)}}`,
    );
    expect(codes(result.body)).toEqual(['MAX_DIRECTIVES_EXCEEDED']);
  });

  it('the 20-level reviews { author { … } } query (depth 42) is refused by depth before any subgraph is asked', async () => {
    const result = await kit.run(reviewsAuthors(20));
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions).toEqual({
      code: 'MAX_DEPTH_EXCEEDED',
      limit: 'maxDepth',
      max: 20,
      actual: 42,
    });
    expect(kit.requests).toEqual([]);
  });

  it('a flood of tokens: MAX_TOKENS_EXCEEDED counted before parsing (actual = max + 1)', async () => {
    const result = await kit.run(`{ ${'__typename '.repeat(5000)}}`);
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions).toEqual({
      code: 'MAX_TOKENS_EXCEEDED',
      limit: 'maxTokens',
      max: 1000,
      actual: 1001,
    });
  });

  it('a fragment cycle is a validation error, never a hang', async () => {
    const result = await kit.run('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }');
    expect(result.status).toBe(400);
    expect(codes(result.body)).toContain('GRAPHQL_VALIDATION_FAILED');
  });

  it('a long batched array: one 400 BAD_REQUEST, no subgraph asked', async () => {
    const batch = Array.from({ length: 1000 }, () => ({ query: '{ topProducts { upc } }' }));
    const result = await postGraphQL(kit.url, batch);
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual([
      {
        message:
          'Bad request: batched requests (a JSON array of operations) are not supported; send one operation per request',
        extensions: {
          code: 'BAD_REQUEST',
          reason:
            'batched requests (a JSON array of operations) are not supported; send one operation per request',
        },
      },
    ]);
    expect(kit.requests).toEqual([]);
  });

  it('refuses a repeated over-limit query every time (refused documents are never cached)', async () => {
    const query = reviewsAuthors(15);
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(codes((await kit.run(query)).body)).toEqual(['MAX_DEPTH_EXCEEDED']);
    }
    expect(kit.requests).toEqual([]);
  });
});

describe('limits configured', () => {
  let kit: PolicyKit;
  beforeAll(async () => {
    kit = await startPolicyKit({
      config: {
        ...PRODUCTION,
        limits: {
          maxAliases: { mode: 'measure', max: 2 },
          maxSubgraphFetches: { max: 2 },
        },
      },
    });
  });
  afterAll(async () => {
    await kit.close();
  });
  beforeEach(() => {
    kit.clearRequests();
  });

  it('measure mode: the operation runs and the breach is logged with the request id', async () => {
    const result = await kit.run('{ topProducts(first: 1) { a: upc b: upc c: upc } }');
    expect(result.status).toBe(200);
    expect(result.body.data).toEqual({ topProducts: [{ a: '1', b: '1', c: '1' }] });
    expect(kit.logs.lines).toContainEqual(
      expect.objectContaining({
        policy: 'limits',
        msg: 'operation limit exceeded (measure mode)',
        limit: 'maxAliases',
        max: 2,
        actual: 3,
        requestId: result.headers.get('x-request-id'),
      }),
    );
  });

  it('subgraph fetches: counted on the query plan and refused before the first fetch', async () => {
    // products, then inventory and reviews, then accounts for the authors…
    const result = await kit.run(BENCH_QUERY, { principal: READER });
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual([
      {
        message: 'The operation needs too many subgraph fetches (5, at most 2 allowed)',
        extensions: { code: 'MAX_SUBGRAPH_FETCHES_EXCEEDED', limit: 'maxSubgraphFetches', max: 2, actual: 5 },
      },
    ]);
    expect(kit.requests).toEqual([]);
    // The plan is cached: the same refusal, still without a fetch.
    expect(codes((await kit.run(BENCH_QUERY, { principal: READER })).body)).toEqual([
      'MAX_SUBGRAPH_FETCHES_EXCEEDED',
    ]);
    expect(kit.requests).toEqual([]);
    expect((await kit.run('{ topProducts(first: 1) { upc } }')).status).toBe(200);
  });
});

describe('limits off', () => {
  it('leaves the hub-core safety net: a document over operations.maxTokens still fails to parse', async () => {
    const kit = await startPolicyKit({ config: { limits: { enabled: false } } });
    try {
      const result = await kit.run(`{ ${'__typename '.repeat(16_000)}}`);
      expect(result.status).toBe(400);
      expect(codes(result.body)).toEqual(['GRAPHQL_PARSE_FAILED']);
    } finally {
      await kit.close();
    }
  });
});
