import type { Logger } from 'pino';
import type { ClientRecordsView } from './client-records.js';
import type { PolicyEvents } from './policy-events.js';
import type { PersistedOperationDocument, PersistedOperationsView } from './persisted-operations.js';
import type { RequestFact } from './request-facts.js';
import type { RequestState } from './request-state.js';
import type { SupergraphView } from './supergraph-view.js';

/** The request facts a policy may publish and read (those its definition names; anything else throws). */
export interface PolicyFacts {
  publish<Value>(state: RequestState, fact: RequestFact<Value>, value: Value): void;
  read<Value>(state: RequestState, fact: RequestFact<Value>): Value | undefined;
}

/** What the hub hands to a policy factory. */
export interface PolicyDeps {
  /** A child logger bound to `{ policy: name }`. */
  readonly logger: Logger;
  /** The current supergraph, the one a request's schema comes from, and its loads. */
  readonly supergraph: SupergraphView;
  readonly facts: PolicyFacts;
  /** The graph's client records (started by the policy that uses them, `clients`). */
  readonly clients: ClientRecordsView;
  /** The registry's persisted operations for the hub's variant (started by `persisted-operations`). */
  readonly persistedOperations: PersistedOperationsView;
  /** Query-plan warm-up: the hub plans these documents off the request path (in small batches), into the
   * gateway's plan cache, and again after each new supergraph; each call replaces the previous list. Absent: nothing is warmed. */
  /** The policy's decisions, for the hub's metrics (`record` does nothing when metrics are off). */
  readonly events: PolicyEvents;
  readonly warmUp?: (documents: readonly Pick<PersistedOperationDocument, 'body'>[]) => void;
}
