/**
 * Lexical tokens of a GraphQL document, counted with graphql-js's own `Lexer` before anything is parsed: no AST is
 * built, so a document of nonsense is refused for the price of reading it. The count is the one graphql-js's
 * `parse(source, { maxLexicalTokens })` uses (every token but `<EOF>`; comments are not tokens). Pure: graphql-js
 * only, no Node or Apollo.
 */
import { GraphQLError, Lexer, Source, TokenKind } from 'graphql';

/**
 * Counts the tokens of `source`, stopping once the count exceeds `stopAfter`: a result above `stopAfter` means
 * "more than `stopAfter`", and work (and the lexer's token chain in memory) stays bounded by the limit. A lexical
 * error ends the count where it happens; the parser that runs next reports it with its location.
 */
export function countTokens(source: string, stopAfter = Number.POSITIVE_INFINITY): number {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  try {
    while (count <= stopAfter && lexer.advance().kind !== TokenKind.EOF) count += 1;
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
  }
  return count;
}
