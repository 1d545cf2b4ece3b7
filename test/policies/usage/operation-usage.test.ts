// What the usage policy computes once per document (coordinates including arguments, inline input fields and
// enum values; the normalised signature and its hash) and per request (variable values walked against their
// types), on the example supergraph's API schema.
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compileOperation } from '../../../policies/usage/index.js';
import { variableCoordinates } from '../../../policies/usage/variable-coordinates.js';
import { exampleSupergraph } from '../../helpers/example-supergraph.js';

const { apiSchema } = exampleSupergraph();

function compile(query: string, operationName: string | null = null) {
  const compiled = compileOperation(apiSchema, parse(query), operationName);
  if (compiled === null) throw new Error('no operation');
  return compiled;
}

const SEARCH = `query Search($filter: ProductFilter!, $sort: ProductSort = PRICE_ASC) {
  found: searchProducts(filter: $filter, sort: $sort, first: 3) { upc name ...Priced }
}
fragment Priced on Product { price __typename }
fragment Unused on Product { weight }`;

describe('usage: coordinates of an operation', () => {
  it('names fields, arguments, and the input fields and enum values written inline', () => {
    const compiled = compile(
      '{ searchProducts(filter: { nameContains: "a", maxPrice: 10 }, sort: PRICE_DESC) { upc reviews { body } } }',
    );
    expect(compiled.coordinates).toEqual([
      'Product.reviews',
      'Product.upc',
      'ProductFilter.maxPrice',
      'ProductFilter.nameContains',
      'ProductSort.PRICE_DESC',
      'Query.searchProducts',
      'Query.searchProducts(filter:)',
      'Query.searchProducts(sort:)',
      'Review.body',
    ]);
    expect(compiled).toMatchObject({ name: null, type: 'query', walks: [] });
  });

  it('follows used fragments only, skips meta fields, and walks the variables per request', () => {
    const compiled = compile(SEARCH);
    expect(compiled.coordinates).toEqual([
      'Product.name',
      'Product.price',
      'Product.upc',
      'Query.searchProducts',
      'Query.searchProducts(filter:)',
      'Query.searchProducts(first:)',
      'Query.searchProducts(sort:)',
    ]);
    expect(compiled.walks.map((walk) => walk.name)).toEqual(['filter', 'sort']);
    const given = variableCoordinates(
      compiled.walks,
      { filter: { nameContains: 'x', legacySku: 'L', unknown: 1 }, sort: 'NAME' },
      compiled.known,
    );
    expect([...given].sort()).toEqual([
      'ProductFilter.legacySku',
      'ProductFilter.nameContains',
      'ProductSort.NAME',
    ]);
    // Left out, the variable's default value counts.
    const defaulted = variableCoordinates(compiled.walks, { filter: { maxPrice: 1 } }, compiled.known);
    expect([...defaulted].sort()).toEqual(['ProductFilter.maxPrice', 'ProductSort.PRICE_ASC']);
  });

  it('gives the same signature and hash whatever the literals, aliases, order and spacing', () => {
    const a = compile('query Top { topProducts(first: 2) { name upc } }');
    const b = compile('query Top {\n  best: topProducts(first: 99) {\n    upc\n    name\n  }\n}');
    const other = compile('query Other { topProducts(first: 2) { name upc } }');
    expect(a.signature).toBe('query Top{topProducts(first:0){name upc}}');
    expect(b.signature).toBe(a.signature);
    expect(b.hash).toBe(a.hash);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(other.hash).not.toBe(a.hash);
    expect(compile(SEARCH).signature).toBe(
      'query Search($filter:ProductFilter!,$sort:ProductSort=PRICE_ASC){searchProducts(filter:$filter,first:0,sort:$sort){name upc...Priced}}fragment Priced on Product{__typename price}',
    );
  });

  it('picks the named operation of a document with several', () => {
    const document = 'query A { topProducts { upc } } query B { product(upc: "1") { name } }';
    expect(compile(document, 'B').coordinates).toEqual([
      'Product.name',
      'Query.product',
      'Query.product(upc:)',
    ]);
    expect(compileOperation(apiSchema, parse(document), null)).toBeNull();
  });
});
