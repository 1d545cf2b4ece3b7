import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CostModel, type CompiledCost } from '../../../policies/cost/compile-cost.js';
import { costSchema } from './fixtures/cost-schema.js';

const fixture = costSchema(`
  interface Media { id: ID title: String related: [Media] @listSize(assumedSize: 2) }
  type Book implements Media @cost(weight: 3) {
    id: ID title: String related: [Media] @listSize(assumedSize: 2) pages: [Page] @listSize(assumedSize: 100)
  }
  type Movie implements Media {
    id: ID title: String @cost(weight: 4) related: [Media] @listSize(assumedSize: 2) cast: [Person] @listSize(assumedSize: 20)
  }
  type Page { text: String }
  type Person { name: String }
  union SearchResult = Book | Movie | Person
  type Query { search: [SearchResult] @listSize(assumedSize: 10) media: Media node: Media }
`);

function compile(query: string): CompiledCost {
  const compiled = new CostModel({ ...fixture, options: { defaultListSize: 10 } }).compile(parse(query));
  if (compiled === undefined) throw new Error('no operation');
  return compiled;
}

describe('abstract types (the spec: the largest weight of the possible types)', () => {
  it('an interface or union weighs the most its object types weigh', () => {
    // Media: max(Book 3, Movie 1); SearchResult: max(Book 3, Movie 1, Person 1)
    expect(compile('{ media { id } }').estimate().cost).toBe(3);
    expect(compile('{ search { __typename } }').estimate().cost).toBe(10 * 3);
  });

  it('an interface field without @cost weighs the most the implementations’ field weighs', () => {
    // Media.title: max(Book.title 0, Movie.title 4)
    expect(compile('{ media { title } }').estimate().cost).toBe(3 + 4);
  });

  it('fragments on different types: the most expensive type counts, not the sum (Apollo’s router sums them)', () => {
    const query = `{ search {
      ... on Book { pages { text } }
      ... on Movie { cast { name } }
      ... on Person { name }
    } }`;
    // per result: weight 3 + max(Book: 100 pages, Movie: 20 cast, Person: 0); Apollo would add 100 + 20
    expect(compile(query).estimate().cost).toBe(10 * (3 + 100));
  });

  it('named fragments and fragments on interfaces narrow the same way', () => {
    const query = `{ search { ...MediaParts ... on Person { name } } }
      fragment MediaParts on Media { title ... on Movie { cast { name } } }`;
    // Book: title 0; Movie: title 4 + cast 20; Person: nothing
    expect(compile(query).estimate().cost).toBe(10 * (3 + 4 + 20));
  });

  it('a fragment on a type the position can never hold costs nothing', () => {
    expect(compile('{ media { ... on Person { name } id } }').estimate().cost).toBe(3);
  });

  it('the actual cost picks the fragment of each object’s __typename when it was selected', () => {
    const query = `{ search { __typename ... on Book { pages { text } } ... on Movie { cast { name } } } }`;
    const data = {
      search: [
        { __typename: 'Book', pages: [{ text: 'a' }, { text: 'b' }] },
        { __typename: 'Movie', cast: [{ name: 'x' }] },
        { __typename: 'Person' },
      ],
    };
    // Book 3 + 2 pages, Movie 1 + 1 cast member, Person 1 (without __typename each would weigh 3)
    expect(compile(query).actual(data).cost).toBe(3 + 2 + 1 + 1 + 1);
    const untyped = { search: data.search.map(({ __typename: _typename, ...rest }) => rest) };
    expect(compile(query).actual(untyped).cost).toBe(3 * 3 + 2 + 1);
  });
});
