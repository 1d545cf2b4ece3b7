/**
 * Quotas counted in this process: the demo's default, and RedisQuotaStore's local count while Redis cannot answer
 * (`failOpen`). Each hub process counts on its own, so N hubs allow up to N times a limit.
 *
 * Memory is bounded: an entry (two numbers per client) is dropped once both of its limits are full again (it
 * then means nothing: each write drops such entries from the least recently used end), and at most `maxEntries`
 * are kept: beyond that the least recently used entry is dropped, which gives that client a full quota again. A
 * `Map` keeps entries in the order they were last used.
 */
import { budgetGcra, gcraAdjust, gcraState } from './gcra.js';
import { DEFAULT_MAX_ENTRIES } from './options.js';
import {
  budgetUsage,
  decideQuota,
  gcrasOf,
  toConsumeResult,
  toMicros,
  wholeCost,
  wholeDelta,
  type StoredTats,
} from './quota-decision.js';
import type {
  AdjustRequest,
  AdjustResult,
  ConsumeRequest,
  ConsumeResult,
  QuotaStore,
  QuotaSubject,
} from './quota-store.js';

export interface MemoryQuotaStoreOptions {
  /** The most clients counted at once (default 100,000; about 100 bytes each). */
  readonly maxEntries?: number | undefined;
  /** Milliseconds since the epoch (default `Date.now`). Requests may also carry their own `now`. */
  readonly clock?: (() => number) | undefined;
}

interface Entry extends StoredTats {
  /** When both limits are full again (µs): the entry can be dropped from then on. */
  readonly idleAtUs: number;
}

/** Entries looked at per write; more than one, so that the idle ones are dropped faster than new ones come. */
const IDLE_CHECKS_PER_WRITE = 4;

function entryKey(subject: QuotaSubject): string {
  return `${subject.graph}\n${subject.client}`;
}

export class MemoryQuotaStore implements QuotaStore {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #clock: () => number;

  constructor(options: MemoryQuotaStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(`maxEntries must be a positive integer, not ${maxEntries}`);
    }
    this.#maxEntries = maxEntries;
    this.#clock = options.clock ?? Date.now;
  }

  /** Clients currently counted. */
  get size(): number {
    return this.#entries.size;
  }

  consume(request: ConsumeRequest): Promise<ConsumeResult> {
    return Promise.resolve(this.consumeNow(request));
  }

  adjust(request: AdjustRequest): Promise<AdjustResult> {
    return Promise.resolve(this.adjustNow(request));
  }

  /** Adjusts at once: there is no round trip to save. */
  settle(request: AdjustRequest): void {
    if (wholeDelta(request.delta) !== 0) this.adjustNow({ ...request, now: undefined });
  }

  close(): Promise<void> {
    this.#entries.clear();
    return Promise.resolve();
  }

  /** `consume`, synchronously (RedisQuotaStore's local count uses it). */
  consumeNow(request: ConsumeRequest, degraded = false): ConsumeResult {
    const nowUs = toMicros(request.now ?? this.#clock());
    const key = entryKey(request.subject);
    const stored = this.#read(key, nowUs);
    const { decision, next } = decideQuota(gcrasOf(request), stored, nowUs, wholeCost(request.cost));
    if (decision.allowed) this.#write(key, next, nowUs);
    return toConsumeResult(decision, request, degraded);
  }

  adjustNow(request: AdjustRequest, degraded = false): AdjustResult {
    const nowUs = toMicros(request.now ?? this.#clock());
    const key = entryKey(request.subject);
    const stored = this.#read(key, nowUs);
    const limit = budgetGcra(request.budget);
    const budgetTatUs = gcraAdjust(limit, stored.budgetTatUs, nowUs, wholeDelta(request.delta));
    this.#write(key, { rateTatUs: stored.rateTatUs, budgetTatUs }, nowUs);
    const state = gcraState(limit, budgetTatUs, nowUs);
    return {
      status: 'adjusted',
      budget: budgetUsage({ allowed: true, ...state, retryAfterUs: 0 }, request.budget),
      degraded,
    };
  }

  #read(key: string, nowUs: number): StoredTats {
    const entry = this.#entries.get(key);
    if (!entry) return { rateTatUs: null, budgetTatUs: null };
    if (entry.idleAtUs <= nowUs) {
      this.#entries.delete(key);
      return { rateTatUs: null, budgetTatUs: null };
    }
    // A refused client is in use too: forgetting it would give it a full quota again.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  #write(key: string, tats: StoredTats, nowUs: number): void {
    const idleAtUs = Math.max(tats.rateTatUs ?? 0, tats.budgetTatUs ?? 0);
    // Deleting first moves a kept entry to the end: the Map's first entry is the least recently used.
    this.#entries.delete(key);
    if (idleAtUs <= nowUs) return;
    this.#entries.set(key, { ...tats, idleAtUs });
    this.#dropIdle(nowUs);
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
  }

  /** Drops idle entries from the least recently used end, a few per write: idle clients cost nothing for long. */
  #dropIdle(nowUs: number): void {
    let checked = 0;
    for (const [key, entry] of this.#entries) {
      if (checked++ >= IDLE_CHECKS_PER_WRITE || entry.idleAtUs > nowUs) return;
      this.#entries.delete(key);
    }
  }
}
