import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CostModel, type CompiledCost } from '../../../policies/cost/compile-cost.js';
import type { Variables } from '../../../policies/cost/cost-metadata.js';
import { costSchema, type CostFixture } from './fixtures/cost-schema.js';

function compile(fixture: CostFixture, query: string, defaultListSize = 10): CompiledCost {
  const compiled = new CostModel({ ...fixture, options: { defaultListSize } }).compile(parse(query));
  if (compiled === undefined) throw new Error('no operation');
  return compiled;
}

function estimate(fixture: CostFixture, query: string, variables?: Variables): number {
  return compile(fixture, query).estimate(variables).cost;
}

// Apollo GraphOS Router, "Demand Control", Calculating cost / Customizing cost / Handling list fields:
// https://www.apollographql.com/docs/graphos/routing/security/demand-control
const BOOKS = `
  type Query {
    book(id: ID): Book
    bestsellers: [Book] @listSize(assumedSize: 5)
    newestAdditions(after: ID, limit: Int!): [Book] @listSize(slicingArguments: ["limit"])
  }
  type Mutation { addBook(title: String): Book }
  type Book { title: String author: Author publisher: Publisher }
  type Author { name: String }
  type Publisher { name: String address: Address }
`;
const ADDRESS = 'type Address { zipCode: Int! }';
const EXPENSIVE_ADDRESS = 'type Address @cost(weight: 5) { zipCode: Int! }';
const BOOK_FIELDS = 'title author { name } publisher { name address { zipCode } }';

describe("Apollo's documented demand-control examples", () => {
  it('BookQuery costs 4 with the default weights (objects 1, scalars 0, query base 0)', () => {
    // "1 Query (0) + 1 book object (1) + 1 author object (1) + 1 publisher object (1) + 1 address object (1) = 4"
    const books = costSchema(BOOKS + ADDRESS);
    expect(estimate(books, `query BookQuery { book(id: 1) { ${BOOK_FIELDS} } }`)).toBe(4);
  });

  it('@cost(weight: 5) on Address raises BookQuery to 8', () => {
    const books = costSchema(BOOKS + EXPENSIVE_ADDRESS);
    expect(estimate(books, `query BookQuery { book(id: 1) { ${BOOK_FIELDS} } }`)).toBe(8);
  });

  it('@listSize(assumedSize: 5) on bestsellers: 40', () => {
    const books = costSchema(BOOKS + EXPENSIVE_ADDRESS);
    expect(estimate(books, `query BestsellersQuery { bestsellers { ${BOOK_FIELDS} } }`)).toBe(40);
  });

  it('slicing argument limit: 24 for 3 books, 56 for 7, as a literal or a variable', () => {
    const books = costSchema(BOOKS + EXPENSIVE_ADDRESS);
    expect(estimate(books, `query NewestAdditions { newestAdditions(limit: 3) { ${BOOK_FIELDS} } }`)).toBe(
      24,
    );
    expect(estimate(books, `query NewestAdditions { newestAdditions(limit: 7) { ${BOOK_FIELDS} } }`)).toBe(
      56,
    );
    const byVariable = compile(
      books,
      `query ($limit: Int!) { newestAdditions(limit: $limit) { ${BOOK_FIELDS} } }`,
    );
    expect(byVariable.estimate({ limit: 3 }).cost).toBe(24);
    expect(byVariable.estimate({ limit: 7 }).cost).toBe(56);
  });

  it('a mutation starts at 10', () => {
    const books = costSchema(BOOKS + ADDRESS);
    expect(estimate(books, 'mutation { addBook(title: "T") { title } }')).toBe(11);
  });
});
