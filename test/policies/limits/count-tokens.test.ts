import { GraphQLError, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { countTokens } from '../../../policies/limits/count-tokens.js';

const QUERY = `query Q($first: Int = 5) {
  # comments are not tokens
  topProducts(first: $first) { name reviews { body } }
}`;

describe('countTokens', () => {
  it('counts what graphql-js parse counts for maxLexicalTokens: every token but <EOF>, comments excluded', () => {
    const tokens = countTokens(QUERY);
    // query Q ( $ first : Int = 5 ) { topProducts ( first : $ first ) { name reviews { body } } }
    expect(tokens).toBe(26);
    expect(() => parse(QUERY, { maxLexicalTokens: tokens })).not.toThrow();
    expect(() => parse(QUERY, { maxLexicalTokens: tokens - 1 })).toThrow(GraphQLError);
  });

  it('stops once the count exceeds stopAfter, so a huge document costs no more than the limit', () => {
    const nonsense = `{ ${'a '.repeat(100_000)}}`;
    expect(countTokens(nonsense, 1000)).toBe(1001);
    expect(countTokens(nonsense)).toBe(100_002);
    expect(countTokens(QUERY, 26)).toBe(26);
    expect(countTokens(QUERY, 25)).toBe(26);
  });

  it('ends at a lexical error with the tokens before it (the parser reports the error)', () => {
    expect(countTokens('{ a b "unterminated')).toBe(3);
    expect(countTokens('')).toBe(0);
  });
});
