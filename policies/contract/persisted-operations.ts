/**
 * The persisted operations the hub serves, as policies see them: the registry's feed for the hub's variant
 * (`GET …/variants/:variant/persisted-operations`, docs/registry-api.md "The hubs' feed"), polled like the
 * supergraph, behind a read-only view. A hub without a registry has an empty feed (its manifests are the
 * persisted-operations policy's own option).
 */
import type { PolicyStatus } from './policy.js';

export interface PersistedOperationDocument {
  /** sha256 (hex) of `body`. */
  readonly id: string;
  readonly name: string | null;
  readonly type: 'query' | 'mutation' | 'subscription';
  readonly body: string;
}

export interface PersistedClientVersion {
  readonly client: string;
  readonly version: string;
  readonly operationIds: readonly string[];
}

/** The active client versions of the variant and the documents they registered. */
export interface PersistedOperationSet {
  readonly clients: readonly PersistedClientVersion[];
  readonly operations: readonly PersistedOperationDocument[];
}

export interface PersistedOperationsView {
  /** Starts fetching (once; later calls return the same promise), resolved after the first attempt. */
  start(): Promise<void>;
  /** The set in use: empty until the first one is in. */
  current(): PersistedOperationSet;
  /** Called with each new set, before any request uses it. Returns an unsubscribe function. */
  onChange(listener: (set: PersistedOperationSet) => void): () => void;
  /** `degraded` while the set in use is not one the registry answered in this process. */
  status(): PolicyStatus;
}
