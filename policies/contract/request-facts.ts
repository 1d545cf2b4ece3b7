/**
 * Request facts: what one policy publishes about a request for later policies to read, through a typed,
 * explicit channel. A fact is declared here, once, with the policy that publishes it; a policy names the facts
 * it publishes (`publishes:`) and reads (`reads:`) in its definition, and reading needs the publisher in
 * `dependsOn`, which the hub checks at boot. At run time a policy gets them through `deps.facts`, which refuses
 * facts its definition does not name: no policy reads another's private state.
 *
 * Facts belong to the request (`context.state`): the hub serves one operation per HTTP request (batching is
 * refused), so a fact describes the request's operation.
 */

/** What the boot checks read of a fact, whatever its value type. */
export interface FactDeclaration {
  readonly name: string;
  readonly publishedBy: string;
}

export class RequestFact<Value> implements FactDeclaration {
  /** Ties the fact to its value type, so `publish` and `read` are checked against it. */
  declare private readonly valueType: (value: Value) => Value;

  constructor(
    /** For messages: what the fact holds. */
    readonly name: string,
    /** The policy that publishes it. */
    readonly publishedBy: string,
  ) {}
}

export function requestFact<Value>(
  name: string,
  { publishedBy }: { publishedBy: string },
): RequestFact<Value> {
  return new RequestFact<Value>(name, publishedBy);
}

/** The operation's cost as demand control estimated it, before execution (quotas charge it). */
export interface OperationCost {
  readonly estimated: number;
  /** The estimated share of each subgraph (the fields it resolves). */
  readonly bySubgraph: ReadonlyMap<string, number>;
  /** The configured `maxCost`. */
  readonly max: number;
}

export const OPERATION_COST = requestFact<OperationCost>('the estimated cost of the operation', {
  publishedBy: 'cost',
});

/** How many subgraph fetches the operation's query plan makes at most. */
export const SUBGRAPH_FETCHES = requestFact<number>('the subgraph fetches of the query plan', {
  publishedBy: 'limits',
});
