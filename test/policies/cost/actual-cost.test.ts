import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CostModel, type CompiledCost } from '../../../policies/cost/compile-cost.js';
import { costSchema } from './fixtures/cost-schema.js';

const fixture = costSchema(`
  type Query { books(limit: Int): [Book] @listSize(slicingArguments: ["limit"]) book: Book }
  type Mutation { addBook(title: String): Book }
  type Book { title: String author: Author cover: Image @cost(weight: 5) tags: [String] }
  type Author { name: String }
  type Image { url: String }
  input Filter { name: String }
`);

function compile(query: string): CompiledCost {
  const compiled = new CostModel({ ...fixture, options: { defaultListSize: 10 } }).compile(parse(query));
  if (compiled === undefined) throw new Error('no operation');
  return compiled;
}

describe('actual cost from the response (Apollo’s definition)', () => {
  const query = 'query ($n: Int) { books(limit: $n) { title author { name } } }';

  it('takes list sizes from the response: the estimate differs only by them', () => {
    const compiled = compile(query);
    expect(compiled.estimate({ n: 5 }).cost).toBe(5 * 2);
    const data = {
      books: [
        { title: 'a', author: { name: 'x' } },
        { title: 'b', author: { name: 'y' } },
      ],
    };
    expect(compiled.actual(data, { n: 5 }).cost).toBe(2 * 2);
    expect(compiled.actual({ books: [] }, { n: 5 }).cost).toBe(0);
  });

  it('a null object weighs nothing unless @cost set its weight; absent fields cost nothing', () => {
    const compiled = compile('{ book { author { name } cover { url } } }');
    expect(compiled.estimate().cost).toBe(1 + 1 + 5);
    expect(compiled.actual({ book: { author: null, cover: null } }).cost).toBe(1 + 5);
    expect(compiled.actual({ book: null }).cost).toBe(0);
    expect(compiled.actual({}).cost).toBe(0);
    expect(compiled.actual(null).cost).toBe(0);
  });

  it('a mutation keeps its base of 10', () => {
    const compiled = compile('mutation { addBook(title: "t") { title } }');
    expect(compiled.estimate().cost).toBe(11);
    expect(compiled.actual({ addBook: { title: 't' } }).cost).toBe(11);
  });

  it('reads aliased fields under their response keys', () => {
    const compiled = compile('{ first: book { a: author { name } } second: book { title } }');
    expect(compiled.actual({ first: { a: { name: 'n' } }, second: { title: 't' } }).cost).toBe(3);
  });
});
