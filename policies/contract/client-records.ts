/**
 * The client records the hub serves, as policies see them: the graph's current set (fetched from the registry
 * like the supergraph, or read from the hub's configuration file) behind a read-only view. The records' shape
 * is `lib/client-records.ts`; which record a request uses is the `clients` policy's `CLIENT_RECORD` fact.
 */
import type { ClientRecordSet } from '../../lib/client-records.js';
import type { PolicyStatus } from './policy.js';

export type {
  ClientOverrides,
  ClientRecognition,
  ClientRecordSet,
  ClientRecordValue,
  PersistedOperationsMode,
} from '../../lib/client-records.js';

export interface ClientRecordsView {
  /**
   * Starts fetching the set (once; later calls return the same promise), resolved after the first attempt:
   * then `current()` answers the registry's set, the last-known-good copy, or the reserved records alone.
   */
  start(): Promise<void>;
  /** The set in use: before `start()` resolves, the reserved records with their default values. */
  current(): ClientRecordSet;
  /** Called with each new set, before any request uses it. Returns an unsubscribe function. */
  onChange(listener: (set: ClientRecordSet) => void): () => void;
  /** `degraded` while the set in use is not one the registry answered in this process. */
  status(): PolicyStatus;
}
