/**
 * The in-memory aggregate of usage: one entry per minute × operation × client name × client version × verified
 * client id, holding counts and sums; per coordinate, the requests that used it. Memory is bounded by
 * `maxKeys` entries: when a new key would pass it, the caller seals the aggregate into a batch first
 * (`full()`). Pure: no timers, no I/O; the clock is a parameter.
 */
import type { QuotaConsumption } from '../contract/request-facts.js';
import type { QuotaObservation, UsageBatch, UsageEntry, UsageOperation } from './usage-batch.js';
import { MAX_QUOTA_OBSERVATIONS } from '../../lib/usage-batch.js';

export interface CompiledOperation extends UsageOperation {
  /** The document's own coordinates, as a set (variable walks skip them). */
  readonly known: ReadonlySet<string>;
}

export type Outcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'errors' }
  | { readonly kind: 'refused'; readonly policy: string };

export interface RecordedRequest {
  readonly atMs: number;
  readonly operation: CompiledOperation;
  readonly clientName: string;
  readonly clientVersion: string;
  readonly verifiedClientId: string | null;
  /** The registered operation the request ran (the PERSISTED_OPERATION fact), `null` for none. */
  readonly persistedOperationId: string | null;
  readonly outcome: Outcome;
  readonly durationMs: number;
  readonly estimatedCost: number;
  readonly actualCost: number;
  /** Coordinates the variables named beyond the document's own. */
  readonly variableCoordinates: ReadonlySet<string>;
  readonly denied: readonly string[];
  /** How many requests this one stands for (sampling); 1 without sampling. */
  readonly weight: number;
}

interface Entry {
  readonly entry: UsageEntry;
  readonly operation: CompiledOperation;
  readonly extra: Map<string, number>;
  readonly denied: Map<string, number>;
  readonly refusedBy: Map<string, number>;
}

const MINUTE_MS = 60_000;

/** The newest quota decision of one client record: the decision object itself and when it was seen. */
interface QuotaSlot {
  consumption: QuotaConsumption;
  atMs: number;
}

/** Client records whose quotas one batch carries (two observations each at most). */
const MAX_QUOTA_CLIENTS = MAX_QUOTA_OBSERVATIONS / 2;

export class UsageAggregator {
  readonly #entries = new Map<string, Entry>();
  readonly #quotas = new Map<string, QuotaSlot>();

  constructor(readonly maxKeys: number) {}

  get size(): number {
    return this.#entries.size;
  }

  keyOf(
    request: Pick<
      RecordedRequest,
      'atMs' | 'operation' | 'clientName' | 'clientVersion' | 'verifiedClientId' | 'persistedOperationId'
    >,
  ): string {
    const minute = Math.floor(request.atMs / MINUTE_MS) * MINUTE_MS;
    return `${minute}\u0000${request.operation.hash}\u0000${request.clientName}\u0000${request.clientVersion}\u0000${request.verifiedClientId ?? ''}\u0000${request.persistedOperationId ?? ''}`;
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /** Whether recording under a new key would pass `maxKeys`. */
  full(): boolean {
    return this.#entries.size >= this.maxKeys;
  }

  /** Adds the request under `key` (from `keyOf`); the caller sealed first when `full()` and the key is new. */
  add(key: string, request: RecordedRequest): void {
    let slot = this.#entries.get(key);
    if (slot === undefined) {
      slot = {
        entry: {
          minute: Math.floor(request.atMs / MINUTE_MS) * MINUTE_MS,
          operation: request.operation.hash,
          client: { name: request.clientName, version: request.clientVersion },
          verifiedClientId: request.verifiedClientId,
          persistedOperationId: request.persistedOperationId,
          count: 0,
          ok: 0,
          errors: 0,
          refused: 0,
          refusedBy: {},
          durationMs: 0,
          estimatedCost: 0,
          actualCost: 0,
          coordinates: {},
          denied: {},
        },
        operation: request.operation,
        extra: new Map(),
        denied: new Map(),
        refusedBy: new Map(),
      };
      this.#entries.set(key, slot);
    }
    const { entry } = slot;
    const weight = request.weight;
    entry.count += weight;
    entry.durationMs += request.durationMs * weight;
    entry.estimatedCost += request.estimatedCost * weight;
    entry.actualCost += request.actualCost * weight;
    switch (request.outcome.kind) {
      case 'ok':
        entry.ok += weight;
        break;
      case 'errors':
        entry.errors += weight;
        break;
      case 'refused':
        entry.refused += weight;
        slot.refusedBy.set(
          request.outcome.policy,
          (slot.refusedBy.get(request.outcome.policy) ?? 0) + weight,
        );
        break;
    }
    for (const coordinate of request.variableCoordinates) {
      slot.extra.set(coordinate, (slot.extra.get(coordinate) ?? 0) + weight);
    }
    for (const coordinate of request.denied) {
      slot.denied.set(coordinate, (slot.denied.get(coordinate) ?? 0) + weight);
    }
  }

  /**
   * Keeps the newest quota decision of a client record (by record id): per request, one map lookup and two
   * assignments once the record is known. Beyond `MAX_QUOTA_CLIENTS` records a new one waits for the next batch.
   */
  observeQuotas(client: string, consumption: QuotaConsumption, atMs: number): void {
    const slot = this.#quotas.get(client);
    if (slot !== undefined) {
      if (atMs < slot.atMs) return;
      slot.consumption = consumption;
      slot.atMs = atMs;
    } else if (this.#quotas.size < MAX_QUOTA_CLIENTS) {
      this.#quotas.set(client, { consumption, atMs });
    }
  }

  #quotaObservations(): QuotaObservation[] {
    const observations: QuotaObservation[] = [];
    for (const [client, { consumption, atMs }] of this.#quotas) {
      for (const quota of ['rate', 'budget'] as const) {
        const standing = consumption[quota];
        if (standing === null) continue;
        observations.push({
          client,
          quota,
          limit: standing.limit,
          windowSeconds: standing.windowSeconds,
          capacity: standing.capacity,
          remaining: Math.min(standing.remaining, standing.capacity),
          resetAt: atMs + standing.resetSeconds * 1000,
          observedAt: atMs,
        });
      }
    }
    this.#quotas.clear();
    return observations;
  }

  /** Everything recorded so far as a batch (null when nothing was), and a fresh start. */
  seal(batchId: string, dropped: number): UsageBatch | null {
    if (this.#entries.size === 0 && this.#quotas.size === 0 && dropped === 0) return null;
    const operations = new Map<string, UsageOperation>();
    const entries: UsageEntry[] = [];
    for (const slot of this.#entries.values()) {
      const { entry, operation } = slot;
      const coordinates: Record<string, number> = {};
      for (const coordinate of operation.coordinates) coordinates[coordinate] = entry.count;
      for (const [coordinate, count] of slot.extra) coordinates[coordinate] = count;
      entry.coordinates = coordinates;
      entry.denied = Object.fromEntries(slot.denied);
      entry.refusedBy = Object.fromEntries(slot.refusedBy);
      entry.durationMs = Math.round(entry.durationMs * 1000) / 1000;
      entries.push(entry);
      if (!operations.has(operation.hash)) {
        operations.set(operation.hash, {
          hash: operation.hash,
          name: operation.name,
          type: operation.type,
          signature: operation.signature,
          coordinates: operation.coordinates,
        });
      }
    }
    this.#entries.clear();
    const batch: UsageBatch = { batchId, dropped, operations: [...operations.values()], entries };
    if (this.#quotas.size > 0) batch.quotas = this.#quotaObservations();
    return batch;
  }
}
