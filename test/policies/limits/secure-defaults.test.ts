import { getIntrospectionQuery, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { BENCH_QUERY } from '../../../bench/bench-query.js';
import { checkLimits, type LimitMeasures } from '../../../policies/limits/check-limits.js';
import { countFetches } from '../../../policies/limits/count-fetches.js';
import { countTokens } from '../../../policies/limits/count-tokens.js';
import { measureOperation } from '../../../policies/limits/operation-metrics.js';
import { LIMIT_DEFAULTS, limitsOptions } from '../../../policies/limits/options.js';
import { readFixture } from '../../helpers/compose-supergraph.js';
import { exampleSupergraph } from '../../helpers/example-supergraph.js';

const DEFAULTS = limitsOptions.parse({});
const example = exampleSupergraph();

/** What the hub would measure, in its order: tokens (stopping past the limit), then the shape of the operation. */
function measures(query: string): LimitMeasures {
  const tokens = countTokens(query, DEFAULTS.maxTokens.max);
  if (tokens > DEFAULTS.maxTokens.max) return { tokens };
  return { tokens, ...measureOperation(parse(query)) };
}

function breachedCodes(query: string): string[] {
  return checkLimits(measures(query), DEFAULTS).map((breach) => breach.code);
}

/** `levels` fields deep: users → reviews → product → reviews → author → reviews → … → __typename. */
function nestedReviews(levels: number): string {
  const cycle = ['reviews', 'product', 'reviews', 'author'];
  let selection = '__typename';
  for (let level = levels - 2; level >= 1; level -= 1) {
    selection = `${cycle[(level - 1) % cycle.length] ?? 'reviews'} { ${selection} }`;
  }
  return `{ users { ${selection} } }`;
}

describe('the default limits pass what real clients send', () => {
  const realistic = {
    'the bench query': BENCH_QUERY,
    'the README query': readFixture('operations/readme-top-products.graphql'),
    'the gateway benchmark query (depth 8)': readFixture('operations/gateways-benchmark.graphql'),
    'a depth-19 nesting': nestedReviews(19),
  };

  it.each(Object.entries(realistic))('%s: valid, within every limit, fetches included', (_name, query) => {
    expect(validate(example.apiSchema, parse(query))).toEqual([]);
    const measured = { ...measures(query), subgraphFetches: countFetches(example.plan(query)) };
    expect(checkLimits(measured, DEFAULTS)).toEqual([]);
  });

  it('the gateway benchmark query is 8 deep (Hive Gateway’s default of 6 would refuse it) and plans 16 fetches', () => {
    const query = readFixture('operations/gateways-benchmark.graphql');
    expect(measureOperation(parse(query))?.depth).toBe(8);
    expect(countFetches(example.plan(query))).toBe(16);
  });

  it('the standard introspection query (GraphiQL, codegen), with every option on', () => {
    const query = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    });
    expect(validate(example.apiSchema, parse(query))).toEqual([]);
    expect(measures(query)).toEqual({
      tokens: 184,
      depth: 15,
      height: 230,
      aliases: 0,
      directives: 0,
      rootFields: 1,
    });
    expect(breachedCodes(query)).toEqual([]);
  });
});

describe('the default limits refuse the usual overloading attacks', () => {
  it('alias overloading: 120 aliases of one field', () => {
    const aliases = Array.from({ length: 120 }, (_, index) => `n${index}: name`).join(' ');
    expect(breachedCodes(`{ users { ${aliases} } }`)).toEqual(['MAX_ALIASES_EXCEEDED']);
  });

  it('directive overloading: 50 duplicated directives on one field', () => {
    expect(breachedCodes(`{ users { name ${'@include(if: true) '.repeat(50)}} }`)).toEqual([
      'MAX_DIRECTIVES_EXCEEDED',
    ]);
    expect(breachedCodes(`{ users { name ${'@aa'.repeat(50)} } }`)).toEqual(['MAX_DIRECTIVES_EXCEEDED']);
  });

  it('token overloading: a thousand tokens of nonsense, refused before it is parsed', () => {
    const nonsense = `{ ${'__typename '.repeat(1000)}}`;
    expect(measures(nonsense)).toEqual({ tokens: LIMIT_DEFAULTS.maxTokens + 1 });
    expect(breachedCodes(nonsense)).toEqual(['MAX_TOKENS_EXCEEDED']);
  });

  it('deep recursion through cyclic types: 21 levels', () => {
    expect(breachedCodes(nestedReviews(21))).toEqual(['MAX_DEPTH_EXCEEDED']);
  });

  it('root-field batching: 25 aliased lookups at the root', () => {
    const lookups = Array.from({ length: 25 }, (_, index) => `u${index}: user(id: "${index}") { id }`).join(
      ' ',
    );
    expect(breachedCodes(`{ ${lookups} }`)).toEqual(['MAX_ROOT_FIELDS_EXCEEDED']);
  });

  it('a fragment bomb: a short document whose expansion is enormous', () => {
    const levels = 20;
    const fragments = Array.from(
      { length: levels },
      (_, index) => `fragment F${index} on Query { ...F${index + 1} ...F${index + 1} }`,
    );
    const query = `{ ...F0 } ${fragments.join(' ')} fragment F${levels} on Query { users { id } }`;
    expect(breachedCodes(query)).toEqual(['MAX_HEIGHT_EXCEEDED']);
  });
});
