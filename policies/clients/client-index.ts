/**
 * Which client record a request uses (docs/registry-api.md, "Which record applies"), decided from verified facts
 * only: a caller with a verified token by its client id (`azp`, else `client_id`), else the reserved `default`;
 * a caller without one by its address (the most specific range of an address record), else `anonymous`.
 * Built once per client-record set; per request it is a map lookup. Pure: no Node or Apollo.
 */
import type { ClientRecordSet, ClientRecordValue } from '../../lib/client-records.js';
import { AddressRangeMap, parseAddress, parseRange } from '../../lib/ip-ranges.js';
import type { ClientRecordFact, ClientRecordSource } from '../contract/request-facts.js';

/** A record's fact without the request's labels. */
export type ResolvedClient = Omit<ClientRecordFact, 'labels'>;

function resolved(graph: string, record: ClientRecordValue, source: ClientRecordSource): ResolvedClient {
  return Object.freeze({
    graph,
    id: record.id,
    source,
    tier: record.tier,
    ...(record.rate && { rate: record.rate }),
    ...(record.budget && { budget: record.budget }),
    ...(Object.keys(record.overrides).length > 0 && { overrides: record.overrides }),
    persistedOperations: record.persistedOperations,
  });
}

export interface CallerFacts {
  /** The verified token's client id; `null` for an authenticated caller whose token names none. */
  readonly clientId?: string | null | undefined;
  /** Whether the caller presented a verified token. */
  readonly authenticated: boolean;
  /** The caller's address (the hub's `remoteAddress`). */
  readonly address?: string | undefined;
}

export class ClientIndex {
  readonly #byClientId = new Map<string, ResolvedClient>();
  readonly #byAddress: AddressRangeMap<ResolvedClient>;
  readonly #default: ResolvedClient;
  readonly #anonymous: ResolvedClient;

  constructor(set: ClientRecordSet) {
    const ranges: [ReturnType<typeof parseRange> & { ok: true }, ResolvedClient][] = [];
    let fallback: ResolvedClient | undefined;
    let anonymous: ResolvedClient | undefined;
    for (const record of set.clients) {
      const { recognition } = record;
      switch (recognition.kind) {
        case 'client-id': {
          const value = resolved(set.graph, record, 'record');
          for (const clientId of recognition.clientIds) this.#byClientId.set(clientId, value);
          break;
        }
        case 'remote-address': {
          const value = resolved(set.graph, record, 'address');
          for (const address of recognition.addresses) {
            const parsed = parseRange(address);
            if (parsed.ok) ranges.push([parsed, value]);
          }
          break;
        }
        case 'default':
          fallback = resolved(set.graph, record, 'default');
          break;
        case 'anonymous':
          anonymous = resolved(set.graph, record, 'anonymous');
          break;
      }
    }
    if (fallback === undefined || anonymous === undefined)
      throw new Error('a client-record set without its reserved records');
    this.#default = fallback;
    this.#anonymous = anonymous;
    this.#byAddress = new AddressRangeMap(ranges.map(([parsed, value]) => [parsed.range, value] as const));
  }

  resolve(caller: CallerFacts): ResolvedClient {
    if (caller.authenticated) {
      return (caller.clientId && this.#byClientId.get(caller.clientId)) || this.#default;
    }
    if (caller.address !== undefined && this.#byAddress.size > 0) {
      const bytes = parseAddress(caller.address);
      const record = bytes && this.#byAddress.match(bytes);
      if (record) return record;
    }
    return this.#anonymous;
  }
}
