/**
 * The last persisted-operation feed the hub fetched, on disk next to the supergraph's copy
 * (`<dir>/<graph>@<variant>.operations.json`), so a restart while the registry is unreachable still serves (and
 * enforces) the operations it had. Written durably like the supergraph copy; read back only when its content
 * hashes to what the file records, it validates, and every document hashes to its id. The store is
 * `hub/registry-polling/last-known-good-set.ts`.
 */
import type { PersistedOperationSet } from '../../policies/contract/persisted-operations.js';
import {
  createLastKnownGoodSetStore,
  type LastKnownGoodSet,
  type LastKnownGoodSetStore,
} from '../registry-polling/last-known-good-set.js';
import { misnamedDocument, operationSetSchema } from './operations-feed.js';

export type OperationsLastKnownGood = LastKnownGoodSet<PersistedOperationSet>;

export function createOperationsLastKnownGoodStore({
  dir,
  ref,
}: {
  dir: string;
  ref: string;
}): LastKnownGoodSetStore<PersistedOperationSet> {
  return createLastKnownGoodSetStore({
    dir,
    fileName: `${ref}.operations.json`,
    key: { field: 'ref', value: ref },
    keyLabel: '',
    noun: 'persisted-operations',
    validate: (set) => {
      const parsed = operationSetSchema.safeParse(set);
      return parsed.success && misnamedDocument(parsed.data) === undefined ? parsed.data : undefined;
    },
  });
}
