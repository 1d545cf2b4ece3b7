/**
 * The normalised form of a document: graphql-js `print(parse(body))`, which drops comments, commas and
 * insignificant whitespace and lays the document out one way. Two bodies that differ only so match the same
 * registered operation. `undefined` for a body that does not parse (within `maxTokens`): it matches nothing.
 */
import { parse, print } from 'graphql';

export function normalizedBody(body: string, maxTokens: number): string | undefined {
  try {
    return print(parse(body, { noLocation: true, maxTokens }));
  } catch {
    return undefined;
  }
}
