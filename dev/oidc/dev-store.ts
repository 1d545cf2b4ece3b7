/**
 * An in-memory storage adapter for the development provider. It lives outside any one `Provider` instance,
 * so opaque tokens survive a key rotation (which builds a new instance) and, when the same store is passed
 * again, a restart of the provider. Development only: nothing is persisted.
 */

export interface StoredPayload {
  readonly [key: string]: unknown;
  readonly grantId?: string;
  readonly userCode?: string;
  readonly uid?: string;
  consumed?: number;
}

export interface DevStore {
  readonly entries: Map<string, { payload: StoredPayload; expiresAt: number }>;
}

export function createDevStore(): DevStore {
  return { entries: new Map() };
}

/** An oidc-provider adapter class (one instance per model name) over `store`. */
export function devStoreAdapter(store: DevStore) {
  const { entries } = store;
  const read = (key: string): StoredPayload | undefined => {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry.payload;
  };

  return class DevStoreAdapter {
    constructor(private readonly model: string) {}

    private key(id: string): string {
      return `${this.model}:${id}`;
    }

    upsert(id: string, payload: StoredPayload, expiresIn: number): Promise<void> {
      entries.set(this.key(id), { payload, expiresAt: Date.now() + expiresIn * 1000 });
      return Promise.resolve();
    }

    find(id: string): Promise<StoredPayload | undefined> {
      return Promise.resolve(read(this.key(id)));
    }

    findByUid(uid: string): Promise<StoredPayload | undefined> {
      return Promise.resolve(this.findWhere((payload) => payload.uid === uid));
    }

    findByUserCode(userCode: string): Promise<StoredPayload | undefined> {
      return Promise.resolve(this.findWhere((payload) => payload.userCode === userCode));
    }

    consume(id: string): Promise<void> {
      const payload = read(this.key(id));
      if (payload !== undefined) payload.consumed = Math.floor(Date.now() / 1000);
      return Promise.resolve();
    }

    destroy(id: string): Promise<void> {
      entries.delete(this.key(id));
      return Promise.resolve();
    }

    revokeByGrantId(grantId: string): Promise<void> {
      for (const [key, { payload }] of entries) if (payload.grantId === grantId) entries.delete(key);
      return Promise.resolve();
    }

    private findWhere(matches: (payload: StoredPayload) => boolean): StoredPayload | undefined {
      for (const [key] of entries) {
        if (!key.startsWith(`${this.model}:`)) continue;
        const payload = read(key);
        if (payload !== undefined && matches(payload)) return payload;
      }
      return undefined;
    }
  };
}
