import type { ClientRecord } from '../api-types.js';
import type { ClientRecordWrite } from '../storage/repositories/client-records.js';

/**
 * The two client records every graph has: `default` for authenticated callers no record recognises, `anonymous`
 * for callers without a token that no address record recognises. Until an admin changes them they have these
 * values (docs/registry-api.md, "Clients"): generous for authenticated clients, tighter for anonymous ones. The
 * budgets are cost points (policies/cost): the cost limit's default maximum per operation is 50,000.
 */
export const RESERVED_CLIENTS: Readonly<Record<'default' | 'anonymous', ClientRecordWrite>> = {
  default: {
    id: 'default',
    displayName: 'Authenticated clients without a record',
    recognition: { kind: 'default' },
    tier: 'default',
    rate: { requests: 1_200, windowSeconds: 60 },
    budget: { points: 1_000_000, windowSeconds: 3_600 },
    overrides: {},
    persistedOperations: 'off',
  },
  anonymous: {
    id: 'anonymous',
    displayName: 'Anonymous callers',
    recognition: { kind: 'anonymous' },
    tier: 'anonymous',
    rate: { requests: 60, windowSeconds: 60 },
    budget: { points: 20_000, windowSeconds: 3_600 },
    overrides: {},
    persistedOperations: 'off',
  },
};

export type ReservedClientId = keyof typeof RESERVED_CLIENTS;

export function isReservedClientId(id: string): id is ReservedClientId {
  return id === 'default' || id === 'anonymous';
}

/** A reserved record as it is before anyone changed it: version 0, nobody created it. */
export function implicitReservedClient(id: ReservedClientId): ClientRecord {
  return {
    ...structuredClone(RESERVED_CLIENTS[id]),
    reserved: true,
    version: 0,
    createdBy: null,
    createdAt: null,
    updatedBy: null,
    updatedAt: null,
  };
}
