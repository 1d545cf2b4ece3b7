import { parse, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { OperationMetricsCache } from '../../../policies/limits/metrics-cache.js';
import {
  findOperation,
  measureOperation,
  type OperationMetrics,
} from '../../../policies/limits/operation-metrics.js';

function measure(query: string, operationName?: string): OperationMetrics {
  const metrics = measureOperation(parse(query), operationName);
  if (metrics === undefined) throw new Error('no operation');
  return metrics;
}

/** `F0` spreads `F1` twice, …, `F{levels-1}` spreads `F{levels}` twice; `F{levels}` holds one aliased field. */
function fragmentBomb(levels: number): string {
  const fragments = Array.from({ length: levels }, (_, index) => {
    return `fragment F${index} on Query { ...F${index + 1} ...F${index + 1} }`;
  });
  return `{ ...F0 }\n${fragments.join('\n')}\nfragment F${levels} on Query { alias: __typename @include(if: true) }`;
}

describe('measureOperation: the examples of Apollo Router’s request-limits documentation', () => {
  // https://www.apollographql.com/docs/graphos/routing/security/request-limits (max_depth, max_height, max_aliases)
  it('GetBook has depth 3: fragments and inline fragments add no level', () => {
    const metrics = measure(`
      query GetBook { book { ...bookDetails } }
      fragment bookDetails on Book { details { ... on ProductDetailsBook { country } } }`);
    expect(metrics.depth).toBe(3);
  });

  it('GetUser has height 3: an aliased duplicate of a field is not counted', () => {
    expect(measure('query GetUser { user { id name username: name } }').height).toBe(3);
  });

  it('GetUser has three aliases', () => {
    expect(measure('query GetUser { user { nickname: name username: name handle: name } }').aliases).toBe(3);
  });
});

describe('measureOperation', () => {
  it('adds a fragment’s counts at every spread', () => {
    const metrics = measure(`
      { a { ...F } b { ...F } }
      fragment F on T @dir { x: name @skip(if: false) y: name }`);
    expect(metrics).toEqual({
      depth: 2,
      // a, b, and per spread: name (the aliased duplicate y: name is not counted again)
      height: 4,
      aliases: 4,
      // per spread: @dir on the definition and @skip on the field
      directives: 4,
      rootFields: 2,
    });
  });

  it('sums the heights of repeated fields, as the merged selection would need them', () => {
    expect(measure('{ user { id } user { name } }').height).toBe(3);
  });

  it('counts directives on the operation, its variables, fields, inline fragments and spreads', () => {
    const metrics = measure(`
      query Q($a: Boolean = true @v) @op {
        x @include(if: $a) { ... @defer { y } ... on T @skip(if: false) { z } ...F @include(if: $a) }
      }
      fragment F on T { w }`);
    expect(metrics.directives).toBe(6);
  });

  it('counts distinct root response keys through fragments and inline fragments; every alias counts', () => {
    const metrics = measure(`
      { a a b: a ... on Query { c a } ...R }
      fragment R on Query { d b: e }`);
    // a, b, c, d: `b: e` shares the response key b
    expect(metrics.rootFields).toBe(4);
  });

  it('measures a fragment bomb in linear time, with the counts of its expansion', () => {
    // 2^60 spreads of the innermost fragment: walking the expansion would never end.
    const metrics = measure(fragmentBomb(60));
    expect(metrics.aliases).toBe(2 ** 60);
    expect(metrics.directives).toBe(2 ** 60);
    expect(metrics.height).toBe(2 ** 60);
    expect(metrics.depth).toBe(1);
    expect(metrics.rootFields).toBe(1);
  });

  it('ends on fragment cycles (a validation error) even before validation ran', () => {
    const metrics = measure(`
      { a { ...A } }
      fragment A on T { x: b { ...B } }
      fragment B on T { y: c { ...A } ...B }`);
    expect(metrics).toEqual({ depth: 3, height: 3, aliases: 2, directives: 0, rootFields: 1 });
  });

  it('counts an unknown fragment (a validation error) as nothing', () => {
    expect(measure('{ a { ...Missing b } }')).toEqual({
      depth: 2,
      height: 2,
      aliases: 0,
      directives: 0,
      rootFields: 1,
    });
  });

  it('measures the named operation, and nothing when the name matches none or is needed and missing', () => {
    const document = parse('query A { a } query B { b { c } }');
    expect(measureOperation(document, 'B')?.depth).toBe(2);
    expect(measureOperation(document, 'C')).toBeUndefined();
    expect(measureOperation(document)).toBeUndefined();
    expect(findOperation(parse('{ only }'))?.selectionSet.selections).toHaveLength(1);
  });
});

describe('OperationMetricsCache', () => {
  it('measures a document once per operation name and answers later requests from the cache', () => {
    const calls: (string | null | undefined)[] = [];
    const cache = new OperationMetricsCache((document: DocumentNode, operationName?: string | null) => {
      calls.push(operationName);
      return measureOperation(document, operationName);
    });
    const document = parse('query A { a } query B { b { c } }');
    const first = cache.get(document, 'B');
    for (let request = 0; request < 100; request += 1) expect(cache.get(document, 'B')).toBe(first);
    expect(cache.get(document, 'Missing')).toBeUndefined();
    expect(cache.get(document, 'Missing')).toBeUndefined();
    expect(first?.depth).toBe(2);
    expect(calls).toEqual(['B', 'Missing']);
  });
});
