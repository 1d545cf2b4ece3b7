/**
 * Client records as the hub uses them (docs/registry-api.md, "Clients"): their shape, the zod schemas that
 * validate them where the hub reads them (the registry's `GET /v1/graphs/:graph/clients` answer, the
 * last-known-good copy on disk, and the `clients.records` of a hub configuration file), and the values of the
 * two reserved records when nobody changed them (the registry's `reserved-clients.ts` has the same values).
 * The limits' bounds come from `quota-limits.ts`, as in the registry.
 */
import { z } from 'zod';
import { parseRange } from './ip-ranges.js';
import { limitProblem, MAX_WINDOW_SECONDS, type BudgetLimit, type RateLimit } from './quota-limits.js';

/**
 * What the persisted-operations policy does for this client (policies/persisted-operations/README.md): `off`,
 * `audit` (unregistered documents run and are logged), `enforce` (registered documents only, by id or body),
 * `ids-only` (registered documents only, by id).
 */
export const PERSISTED_OPERATIONS_MODES = ['off', 'audit', 'enforce', 'ids-only'] as const;
export type PersistedOperationsMode = (typeof PERSISTED_OPERATIONS_MODES)[number];

export type ClientRecognition =
  | { readonly kind: 'client-id'; readonly clientIds: readonly string[] }
  | { readonly kind: 'remote-address'; readonly addresses: readonly string[] }
  | { readonly kind: 'default' }
  | { readonly kind: 'anonymous' };

export interface ClientOverrides {
  readonly maxCost?: number | undefined;
  readonly maxDepth?: number | undefined;
}

export interface ClientRecordValue {
  readonly id: string;
  readonly displayName: string;
  readonly recognition: ClientRecognition;
  readonly tier: string | null;
  readonly rate: RateLimit | null;
  readonly budget: BudgetLimit | null;
  readonly overrides: ClientOverrides;
  readonly persistedOperations: PersistedOperationsMode;
}

/** A graph's whole set, the reserved records included. */
export interface ClientRecordSet {
  readonly graph: string;
  readonly clients: readonly ClientRecordValue[];
}

export const RESERVED_CLIENT_IDS = ['default', 'anonymous'] as const;
export type ReservedClientId = (typeof RESERVED_CLIENT_IDS)[number];

export function isReservedClientId(id: string): id is ReservedClientId {
  return id === 'default' || id === 'anonymous';
}

/** The reserved records as the registry lists them until an admin changes them. */
const DEFAULT_RECORD: ClientRecordValue = Object.freeze({
  id: 'default',
  displayName: 'Authenticated clients without a record',
  recognition: { kind: 'default' as const },
  tier: 'default',
  rate: { requests: 1_200, windowSeconds: 60 },
  budget: { points: 1_000_000, windowSeconds: 3_600 },
  overrides: {},
  persistedOperations: 'off',
});

const ANONYMOUS_RECORD: ClientRecordValue = Object.freeze({
  id: 'anonymous',
  displayName: 'Anonymous callers',
  recognition: { kind: 'anonymous' as const },
  tier: 'anonymous',
  rate: { requests: 60, windowSeconds: 60 },
  budget: { points: 20_000, windowSeconds: 3_600 },
  overrides: {},
  persistedOperations: 'off',
});

export const RESERVED_CLIENT_DEFAULTS: Readonly<Record<ReservedClientId, ClientRecordValue>> = Object.freeze({
  default: DEFAULT_RECORD,
  anonymous: ANONYMOUS_RECORD,
});

const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
export const clientNameSchema = z.string().regex(NAME, `must match ${NAME.source}`);

function hasNoControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return false;
  }
  return true;
}

const oidcClientId = z
  .string()
  .min(1)
  .max(256)
  .refine(hasNoControlCharacters, 'must not contain control characters');

const addressRange = z.string().superRefine((text, ctx) => {
  const parsed = parseRange(text);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `${text} ${parsed.problem}` });
});

const recognitionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('client-id'), clientIds: z.array(oidcClientId).min(1).max(100) }),
  z.strictObject({ kind: z.literal('remote-address'), addresses: z.array(addressRange).min(1).max(100) }),
  z.strictObject({ kind: z.literal('default') }),
  z.strictObject({ kind: z.literal('anonymous') }),
]);

const quota = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const windowSeconds = z.number().int().positive().max(MAX_WINDOW_SECONDS);

function enforceable(units: number, window: number, burst: number | undefined, ctx: z.RefinementCtx): void {
  const problem = limitProblem(units, window, burst);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}

export const rateLimitSchema = z
  .strictObject({ requests: quota, windowSeconds, burst: quota.optional() })
  .superRefine((rate, ctx) => enforceable(rate.requests, rate.windowSeconds, rate.burst, ctx));

export const budgetLimitSchema = z
  .strictObject({ points: quota, windowSeconds })
  .superRefine((budget, ctx) => enforceable(budget.points, budget.windowSeconds, undefined, ctx));

export const clientOverridesSchema = z.strictObject({
  maxCost: z.number().int().positive().max(1_000_000_000_000).optional(),
  maxDepth: z.number().int().positive().max(1_000).optional(),
});

const recordFields = {
  displayName: z
    .string()
    .min(1)
    .max(200)
    .refine(hasNoControlCharacters, 'must not contain control characters'),
  tier: clientNameSchema.nullable(),
  rate: rateLimitSchema.nullable(),
  budget: budgetLimitSchema.nullable(),
  overrides: clientOverridesSchema,
  persistedOperations: z.enum(PERSISTED_OPERATIONS_MODES),
};

/** What checks a whole set: ids unique, reserved records recognised as such, a client id or range in one record. */
function checkSet(
  clients: readonly ClientRecordValue[],
  ctx: z.RefinementCtx,
  path: (string | number)[],
): void {
  const ids = new Map<string, number>();
  const clientIds = new Map<string, string>();
  const ranges = new Map<string, string>();
  clients.forEach((client, index) => {
    const at = [...path, index];
    if (ids.has(client.id))
      ctx.addIssue({ code: 'custom', path: [...at, 'id'], message: `${client.id} is listed twice` });
    ids.set(client.id, index);
    const reservedKind = isReservedClientId(client.id) ? client.id : null;
    const kind = client.recognition.kind;
    if ((reservedKind !== null || kind === 'default' || kind === 'anonymous') && kind !== reservedKind) {
      ctx.addIssue({
        code: 'custom',
        path: [...at, 'recognition'],
        message: reservedKind
          ? `the reserved record ${reservedKind} is recognised as "${reservedKind}" only`
          : `only the reserved record ${kind} is recognised as "${kind}"`,
      });
    }
    if (client.recognition.kind === 'client-id') {
      for (const clientId of client.recognition.clientIds) {
        const other = clientIds.get(clientId);
        if (other !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [...at, 'recognition'],
            message: `client id ${clientId} is also in ${other}`,
          });
        clientIds.set(clientId, client.id);
      }
    }
    if (client.recognition.kind === 'remote-address') {
      for (const address of client.recognition.addresses) {
        const parsed = parseRange(address);
        if (!parsed.ok) continue;
        const key = `${parsed.range.bytes.join('.')}/${parsed.range.prefix}`;
        const other = ranges.get(key);
        if (other !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [...at, 'recognition'],
            message: `address range ${address} is also in ${other}`,
          });
        ranges.set(key, client.id);
      }
    }
  });
}

/** The reserved records the set does not list, with their default values. */
export function withReservedClients(set: ClientRecordSet): ClientRecordSet {
  const missing = RESERVED_CLIENT_IDS.filter((id) => !set.clients.some((client) => client.id === id));
  if (missing.length === 0) return set;
  return {
    graph: set.graph,
    clients: [...set.clients, ...missing.map((id) => RESERVED_CLIENT_DEFAULTS[id])],
  };
}

/** The registry's answer (and the last-known-good copy of it): fields the hub does not use are dropped. */
const servedRecordSchema = z.object({
  id: clientNameSchema,
  recognition: recognitionSchema,
  ...recordFields,
});

export const clientRecordSetSchema: z.ZodType<ClientRecordSet> = z
  .object({ graph: clientNameSchema, clients: z.array(servedRecordSchema).max(100_000) })
  .superRefine((set, ctx) => checkSet(set.clients, ctx, ['clients']))
  .transform((set) => withReservedClients(set));

/**
 * A record in a hub configuration file (`clients.records`): like a registry write, with the same defaults
 * (display name: the id; no tier, rate or budget; no overrides; `off`). The reserved records take no
 * `recognition`, and get their default values for what they leave out.
 */
export const configuredClientRecordSchema = z
  .strictObject({
    id: clientNameSchema,
    recognition: recognitionSchema.optional(),
    displayName: recordFields.displayName.optional(),
    tier: recordFields.tier.optional(),
    rate: recordFields.rate.optional(),
    budget: recordFields.budget.optional(),
    overrides: recordFields.overrides.optional(),
    persistedOperations: recordFields.persistedOperations.optional(),
  })
  .transform((input, ctx): ClientRecordValue => {
    const base: ClientRecordValue | null = isReservedClientId(input.id)
      ? RESERVED_CLIENT_DEFAULTS[input.id]
      : null;
    const recognition = input.recognition ?? base?.recognition;
    if (recognition === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['recognition'],
        message: 'required: { kind: client-id, clientIds } or { kind: remote-address, addresses }',
      });
      return z.NEVER;
    }
    return {
      id: input.id,
      displayName: input.displayName ?? base?.displayName ?? input.id,
      recognition,
      tier: input.tier !== undefined ? input.tier : (base?.tier ?? null),
      rate: input.rate !== undefined ? input.rate : (base?.rate ?? null),
      budget: input.budget !== undefined ? input.budget : (base?.budget ?? null),
      overrides: input.overrides ?? base?.overrides ?? {},
      persistedOperations: input.persistedOperations ?? base?.persistedOperations ?? 'off',
    };
  });

export const configuredClientRecordsSchema = z
  .array(configuredClientRecordSchema)
  .max(100_000)
  .superRefine((clients, ctx) => checkSet(clients, ctx, []));
