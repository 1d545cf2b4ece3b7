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
import type { ClientOverrides, PersistedOperationsMode } from '../../lib/client-records.js';
import type { BudgetLimit, RateLimit } from '../../lib/quota-limits.js';

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
  /**
   * The actual cost of the executed operation from its response `data` (list sizes as returned), for quotas to
   * settle a budget after execution. Absent when the publisher cannot compute it.
   */
  readonly actual?: ((data: unknown) => number) | undefined;
}

export const OPERATION_COST = requestFact<OperationCost>('the estimated cost of the operation', {
  publishedBy: 'cost',
});

/** Where the request's client record came from (docs/registry-api.md, "Which record applies"). */
export type ClientRecordSource =
  /** A verified access token's client id (`azp`, else `client_id`) is in the record. */
  | 'record'
  /** A verified token whose client id no record has: the reserved `default` record. */
  | 'default'
  /** No token, and no address record has the caller's address: the reserved `anonymous` record. */
  | 'anonymous'
  /** No token; an address record has a range containing the caller's address. */
  | 'address';

/**
 * The client record a request is counted and limited by. Chosen from verified facts only (the token's client
 * id, the connection's address): headers a client sends about itself never select it, they are `labels`.
 */
export interface ClientRecordFact {
  /** The graph the record belongs to (quotas are kept per graph and record). */
  readonly graph: string;
  readonly id: string;
  readonly source: ClientRecordSource;
  readonly tier: string | null;
  /** Absent: no request rate. */
  readonly rate?: RateLimit | undefined;
  /** Absent: no cost budget. */
  readonly budget?: BudgetLimit | undefined;
  /** Per-operation limits for this client instead of the hub's (cost, limits may read them). */
  readonly overrides?: ClientOverrides | undefined;
  readonly persistedOperations: PersistedOperationsMode;
  /** `apollographql-client-name` / `-version` as sent: labels for logs and metrics, never for enforcement. */
  readonly labels: { readonly name?: string | undefined; readonly version?: string | undefined };
}

export const CLIENT_RECORD = requestFact<ClientRecordFact>('the client record of the request', {
  publishedBy: 'clients',
});

/** How many subgraph fetches the operation's query plan makes at most. */
export const SUBGRAPH_FETCHES = requestFact<number>('the subgraph fetches of the query plan', {
  publishedBy: 'limits',
});

/** The registered operation the request runs (by id or by body), for limits (`skipPersisted`) and logs. */
export interface PersistedOperationFact {
  /** The document's id: the sha256 (hex) of its registered body. */
  readonly id: string;
  /** The client and version that registered it (the first active one, in feed order). */
  readonly client: string;
  readonly version: string;
}

export const PERSISTED_OPERATION = requestFact<PersistedOperationFact>(
  'the registered operation of the request',
  {
    publishedBy: 'persisted-operations',
  },
);

/**
 * Where one quota of the request's client record stood after the quotas policy's decision: the values of the
 * `RateLimit` field (`remaining` of `capacity`, whole again in `resetSeconds`). Shaped like the quotas store's
 * `PolicyUsage`, so the policy publishes its decision as is (no copy per request).
 */
export interface QuotaStanding {
  /** The quota per window: `requests` of a rate, `points` of a budget. */
  readonly limit: number;
  readonly windowSeconds: number;
  /** The most that may be spent at once: `burst` of a rate (default `requests`), `points` of a budget. */
  readonly capacity: number;
  /** What could be spent now (after this request's charge when it was allowed). */
  readonly remaining: number;
  /** Seconds until the whole capacity is available again (rounded up; 0 when it is). */
  readonly resetSeconds: number;
}

/** Both quotas of the request's client record (the `CLIENT_RECORD` fact) after the decision; `null`: none. */
export interface QuotaConsumption {
  readonly rate: QuotaStanding | null;
  readonly budget: QuotaStanding | null;
}

/** Published when the store answered (allowed or refused); absent when no quota applies or it could not answer. */
export const QUOTA_CONSUMPTION = requestFact<QuotaConsumption>(
  "the client record's quotas after the quota decision",
  { publishedBy: 'quotas' },
);
