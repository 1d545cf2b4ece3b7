// Documents under the body limit that used to freeze the hub's event loop (quadratic planning for tens of
// thousands of aliases, exponential planning for a fragment bomb) or turn into 500s (query planner refusals,
// an operation type the schema does not have) come back quickly as 400s with stable codes, and the hub keeps
// answering other requests.
import { NonLocalSelectionsMetadata } from '@apollo/query-graphs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, startAuthStack, type AuthStack, type GraphQLResult } from '../helpers/hub.js';

/**
 * The hub's own ceilings hold whatever the policies do: these tests run with the `limits` and `cost` policies
 * off (their lower defaults would refuse every document here first, see test/policies/limits and cost).
 */
const CORE_ONLY = { limits: { enabled: false }, cost: { enabled: false } } as const;

/** `{ topProducts { a0: upc a1: upc … } }`: 60 000 aliased fields, ~800 KB, under the 1 MiB body limit. */
const SIXTY_THOUSAND_ALIASES = `{ topProducts { ${Array.from({ length: 60_000 }, (_, i) => `a${i}: upc`).join(' ')} } }`;

/** Each fragment spreads the one before three times under aliases: ~1.6 KB expanding to ~1.5 million fields. */
function fragmentBomb(levels: number): string {
  const fragments = ['fragment F0 on Product { upc name }'];
  for (let level = 1; level <= levels; level += 1) {
    const spreads = [0, 1, 2].map((alias) => `x${alias}: relatedProducts { ...F${level - 1} }`).join(' ');
    fragments.push(`fragment F${level} on Product { ${spreads} }`);
  }
  return `{ topProducts { ...F${levels} } } ${fragments.join(' ')}`;
}

let stack: AuthStack;
let unlimited: AuthStack;

beforeAll(async () => {
  stack = await startAuthStack(CORE_ONLY);
  unlimited = await startAuthStack({ ...CORE_ONLY, operations: { maxSelections: 1_000_000_000 } });
});

afterAll(async () => {
  await stack?.close();
  await unlimited?.close();
});

function codeOf(result: GraphQLResult): unknown {
  return result.body.errors?.[0]?.extensions?.['code'];
}

/** The first error without the stack trace a development hub adds. */
function firstError(result: GraphQLResult) {
  const error = result.body.errors?.[0];
  const { stacktrace: _stacktrace, ...extensions } = error?.extensions ?? {};
  return { message: error?.message, extensions };
}

/** Sends `query` and, while it is in flight, asks `/health`: both must be answered. */
async function whileHealthChecked(target: AuthStack, query: string) {
  const [result, health] = await Promise.all([
    target.query(query),
    fetch(`${target.hub.url}/health`).then((response) => response.status),
  ]);
  return { result, health };
}

describe('documents that would freeze the query planner', () => {
  it('60 000 aliases: 400 GRAPHQL_PARSE_FAILED at the token limit (operations.maxTokens), /health still answered', async () => {
    expect(SIXTY_THOUSAND_ALIASES.length).toBeLessThan(1024 * 1024);
    const { result, health } = await whileHealthChecked(stack, SIXTY_THOUSAND_ALIASES);
    expect(result.status).toBe(400);
    expect(codeOf(result)).toBe('GRAPHQL_PARSE_FAILED');
    expect(result.body.errors?.[0]?.message).toMatch(/more tha[nt] 15000 tokens/);
    expect(health).toBe(200);
  });

  it('60 000 aliases with the token limit raised: 400 OPERATION_TOO_LARGE (operations.maxSelections)', async () => {
    const tokens = await startAuthStack({ ...CORE_ONLY, operations: { maxTokens: 1_000_000 } });
    try {
      const { result, health } = await whileHealthChecked(tokens, SIXTY_THOUSAND_ALIASES);
      expect(result.status).toBe(400);
      expect(firstError(result)).toEqual({
        message: 'The operation selects more than 2000 fields (fragments expanded); the hub does not plan it',
        extensions: { code: 'OPERATION_TOO_LARGE', maxSelections: 2000 },
      });
      expect(health).toBe(200);
    } finally {
      await tokens.close();
    }
  });

  it('a 1.6 KB fragment bomb: 400 OPERATION_TOO_LARGE before planning, no subgraph asked, /health still answered', async () => {
    const bomb = fragmentBomb(12);
    expect(bomb.length).toBeLessThan(2_000);
    stack.clearRequests();
    const { result, health } = await whileHealthChecked(stack, bomb);
    expect(result.status).toBe(400);
    expect(codeOf(result)).toBe('OPERATION_TOO_LARGE');
    expect(health).toBe(200);
    expect(stack.requests).toEqual([]);
  });

  it('a chain of 4 000 fragments (graphql-js validation overflowed its stack: a 500): 400 GRAPHQL_PARSE_FAILED', async () => {
    const chain = Array.from({ length: 4_000 }, (_, i) =>
      i === 3_999 ? `fragment F${i} on Query { __typename }` : `fragment F${i} on Query { ...F${i + 1} }`,
    );
    const result = await stack.query(`{ ...F0 } ${chain.join(' ')}`);
    expect(result.status).toBe(400);
    expect(codeOf(result)).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('counts fragments once per spread, and lets through what fits the budget', async () => {
    const small = await startAuthStack({ ...CORE_ONLY, operations: { maxSelections: 10 } });
    try {
      const fits = await small.query('{ topProducts { ...P } } fragment P on Product { upc name }');
      expect(fits.status).toBe(200);
      const over = await small.query(
        '{ topProducts { ...P a: relatedProducts { ...P } b: relatedProducts { ...P } c: relatedProducts { ...P } } } fragment P on Product { upc name }',
      );
      expect(over.status).toBe(400);
      expect(firstError(over).extensions).toEqual({ code: 'OPERATION_TOO_LARGE', maxSelections: 10 });
    } finally {
      await small.close();
    }
  });
});

describe('query planner refusals', () => {
  it('are 400 OPERATION_NOT_PLANNABLE: too many recursive selections', async () => {
    const result = await unlimited.query(fragmentBomb(15));
    expect(result.status).toBe(400);
    expect(firstError(result)).toEqual({
      message: 'The query planner refused the operation: it expands to too many selections',
      extensions: { code: 'OPERATION_NOT_PLANNABLE', reason: 'it expands to too many selections' },
    });
  });

  it('are 400 OPERATION_NOT_PLANNABLE: too many non-local selections', async () => {
    // Past the planner's real threshold (100 000) the estimate alone takes it ~30 s; the same check, lowered.
    const planner = NonLocalSelectionsMetadata as { MAX_NON_LOCAL_SELECTIONS: number };
    const threshold = planner.MAX_NON_LOCAL_SELECTIONS;
    planner.MAX_NON_LOCAL_SELECTIONS = 5;
    try {
      const result = await unlimited.query(
        '{ topProducts { reviews { author { username reviews { product { inStock reviews { body } } } } } } }',
      );
      expect(result.status).toBe(400);
      expect(firstError(result).extensions).toEqual({
        code: 'OPERATION_NOT_PLANNABLE',
        reason: 'it needs too many selections across subgraphs',
      });
    } finally {
      planner.MAX_NON_LOCAL_SELECTIONS = threshold;
    }
    expect((await unlimited.query('{ topProducts { upc } }')).status).toBe(200);
  });
});

describe('an operation type the schema does not have', () => {
  it.each(['mutation', 'subscription'])('%s: 400 GRAPHQL_VALIDATION_FAILED, not a 500', async (type) => {
    const result = await postGraphQL(stack.url, { query: `${type} { x }` });
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual([
      {
        message: `The schema has no ${type} type: this hub does not serve ${type} operations.`,
        locations: [{ line: 1, column: 1 }],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: expect.any(Array) as unknown },
      },
    ]);
  });
});
