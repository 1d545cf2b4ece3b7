/**
 * Everything the document limits measure of a query text, before Apollo Server parses or validates it: its
 * tokens (counted without parsing, stopping past the limit), then, if that is within bounds, the largest
 * depth, height, aliases, directives and root fields of anything in the document (`measureDocument`). Pure:
 * graphql-js only.
 */
import { parse } from 'graphql';
import type { LimitMeasures } from './check-limits.js';
import { countTokens } from './count-tokens.js';
import { measureDocument } from './operation-metrics.js';
import type { LimitsOptions } from './options.js';

/**
 * Without an enforced token limit, documents are measured up to this many tokens; longer ones are left to the
 * hub's own parse limit (`operations.maxTokens`, default 15 000), which refuses them first.
 */
export const MEASURED_TOKENS_AT_MOST = 100_000;

export function measureQuery(query: string, { maxTokens }: Pick<LimitsOptions, 'maxTokens'>): LimitMeasures {
  const cap = maxTokens.mode === 'enforce' ? maxTokens.max : MEASURED_TOKENS_AT_MOST;
  const tokens = countTokens(query, cap);
  if (tokens > cap) return { tokens };
  try {
    return { tokens, ...measureDocument(parse(query, { maxTokens: cap + 1 })) };
  } catch {
    // Not GraphQL: Apollo answers GRAPHQL_PARSE_FAILED with the location; only the tokens are known.
    return { tokens };
  }
}
