/**
 * The last client-record set the hub fetched, on disk next to the supergraph's last-known-good copy
 * (`<dir>/<graph>.clients.json`), so a restart while the registry is unreachable still enforces the records it
 * had. Written like the supergraph copy (temporary file, fsync, rename, directory fsync); read back only when
 * its content hashes to what the file records for this graph and validates as a set (`lib/client-records.ts`).
 * The store is `hub/registry-polling/last-known-good-set.ts`.
 */
import { clientRecordSetSchema, type ClientRecordSet } from '../../lib/client-records.js';
import {
  createLastKnownGoodSetStore,
  type LastKnownGoodSet,
  type LastKnownGoodSetStore,
} from '../registry-polling/last-known-good-set.js';

export type ClientsLastKnownGood = LastKnownGoodSet<ClientRecordSet>;

export type ClientsLastKnownGoodStore = LastKnownGoodSetStore<ClientRecordSet>;

export function createClientsLastKnownGoodStore({
  dir,
  graph,
}: {
  dir: string;
  graph: string;
}): ClientsLastKnownGoodStore {
  return createLastKnownGoodSetStore({
    dir,
    fileName: `${graph}.clients.json`,
    key: { field: 'graph', value: graph },
    keyLabel: 'graph ',
    noun: 'client-record',
    validate: (set) => {
      const parsed = clientRecordSetSchema.safeParse(set);
      return parsed.success ? parsed.data : undefined;
    },
  });
}
