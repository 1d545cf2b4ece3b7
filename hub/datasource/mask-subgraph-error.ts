/**
 * `subgraphs.errors.mode: mask`: what of one subgraph error reaches the client. The message and the path stay
 * (the gateway needs the path to place the error in the client's response), `code` stays, and of the other
 * extensions only those the configuration allows. Everything else (stack traces, SQL, host names, the
 * subgraph's URL and body on an HTTP error) is dropped. Pure: no Apollo, no Node.
 */
import type { GraphQLFormattedError } from 'graphql';

export function maskSubgraphError(
  error: GraphQLFormattedError,
  allowExtensions: ReadonlySet<string>,
): GraphQLFormattedError {
  const extensions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error.extensions ?? {})) {
    if (key === 'code' || allowExtensions.has(key)) extensions[key] = value;
  }
  return {
    message: error.message,
    ...(error.path === undefined ? {} : { path: error.path }),
    ...(Object.keys(extensions).length === 0 ? {} : { extensions }),
  };
}
