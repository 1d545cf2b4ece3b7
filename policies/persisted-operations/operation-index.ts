/**
 * The registered operations, indexed once per set (the registry's feed plus the local manifests): by id, by the
 * id of their normalised body, and per client record the ids of its active versions. Per request a lookup.
 */
import type { PersistedOperationDocument, PersistedOperationSet } from '../contract/persisted-operations.js';
import { normalizedBody } from './normalize.js';
import { sha256Hex } from './manifest.js';

export interface Registration {
  readonly client: string;
  readonly version: string;
}

/** Enough for any real operation; a longer document is not normalised (it still matches byte for byte). */
export const NORMALIZE_MAX_TOKENS = 15_000;

export class OperationIndex {
  readonly #byId = new Map<string, PersistedOperationDocument>();
  /** sha256 of the normalised body → the registered id. */
  readonly #byNormalized = new Map<string, string>();
  /** client → id → the first active version (feed order) that registered it. */
  readonly #byClient = new Map<string, Map<string, Registration>>();

  constructor(sets: readonly PersistedOperationSet[], normalize: boolean) {
    for (const set of sets) {
      for (const operation of set.operations) {
        this.#byId.set(operation.id, operation);
        if (!normalize) continue;
        const normalized = normalizedBody(operation.body, NORMALIZE_MAX_TOKENS);
        if (normalized !== undefined) this.#byNormalized.set(sha256Hex(normalized), operation.id);
      }
      for (const { client, version, operationIds } of set.clients) {
        let ids = this.#byClient.get(client);
        if (ids === undefined) {
          ids = new Map<string, Registration>();
          this.#byClient.set(client, ids);
        }
        for (const id of operationIds) if (!ids.has(id)) ids.set(id, { client, version });
      }
    }
  }

  get size(): number {
    return this.#byId.size;
  }

  operations(): IterableIterator<PersistedOperationDocument> {
    return this.#byId.values();
  }

  document(id: string): PersistedOperationDocument | undefined {
    return this.#byId.get(id);
  }

  /** The id a normalised body's hash stands for. */
  idOfNormalized(hash: string): string | undefined {
    return this.#byNormalized.get(hash);
  }

  registration(client: string, id: string): Registration | undefined {
    return this.#byClient.get(client)?.get(id);
  }
}
