import { z } from 'zod';
import { limitProblem, MAX_WINDOW_SECONDS } from '../../../lib/quota-limits.js';
import { PERSISTED_OPERATIONS_MODES } from '../../api-types.js';
import { canonicalAddressRange } from '../../services/canonical-address-range.js';
import { graphParamsSchema, nameSchema } from '../input-schemas.js';

/** Zod schemas of the client-record routes (docs/registry-api.md, "Clients"). */

/** No C0 control characters (NUL, line breaks, escapes) nor DEL: they would corrupt logs and headers. */
function hasNoControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return false;
  }
  return true;
}
const NO_CONTROL = 'must not contain control characters';

export const clientParamsSchema = graphParamsSchema.extend({ id: nameSchema });

/** `?include=consumption`: each record also carries what the hubs last reported of its quotas. */
export const clientIncludeQuerySchema = z.strictObject({ include: z.literal('consumption').optional() });

/** An OIDC client id as a token carries it (`azp`, `client_id`): any printable text. */
const oidcClientId = z.string().min(1).max(256).refine(hasNoControlCharacters, NO_CONTROL);

function unique(values: readonly string[], ctx: z.RefinementCtx, what: string): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value))
      ctx.addIssue({ code: 'custom', message: `${what} ${value} is listed twice`, path: [index] });
    seen.add(value);
  });
}

const addressRange = z.string().transform((text, ctx) => {
  const range = canonicalAddressRange(text);
  if (range.ok) return range.text;
  ctx.addIssue({ code: 'custom', message: `${text} ${range.problem}` });
  return z.NEVER;
});

export const recognitionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('client-id'),
    clientIds: z
      .array(oidcClientId)
      .min(1)
      .max(100)
      .superRefine((ids, ctx) => unique(ids, ctx, 'client id')),
  }),
  z.strictObject({
    kind: z.literal('remote-address'),
    addresses: z
      .array(addressRange)
      .min(1)
      .max(100)
      .superRefine((ranges, ctx) => unique(ranges, ctx, 'address range')),
  }),
]);

const positiveInt = z.number().int().positive();
const quota = positiveInt.max(Number.MAX_SAFE_INTEGER);
const windowSeconds = positiveInt.max(MAX_WINDOW_SECONDS);

/** What only the values together decide (units per second, the burst's worth); runs once each value is valid. */
function enforceable(units: number, window: number, burst: number | undefined, ctx: z.RefinementCtx): void {
  const valid = (n: number | undefined) => n === undefined || (Number.isSafeInteger(n) && n > 0);
  if (!valid(units) || !valid(window) || window > MAX_WINDOW_SECONDS || !valid(burst)) return;
  const problem = limitProblem(units, window, burst);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}

export const rateSchema = z
  .strictObject({ requests: quota, windowSeconds, burst: quota.optional() })
  .superRefine((rate, ctx) => enforceable(rate.requests, rate.windowSeconds, rate.burst, ctx));

export const budgetSchema = z
  .strictObject({ points: quota, windowSeconds })
  .superRefine((budget, ctx) => enforceable(budget.points, budget.windowSeconds, undefined, ctx));

export const overridesSchema = z.strictObject({
  maxCost: positiveInt.max(1_000_000_000_000).optional(),
  maxDepth: positiveInt.max(1_000).optional(),
});

const displayNameSchema = z.string().trim().min(1).max(200).refine(hasNoControlCharacters, NO_CONTROL);

const fields = {
  displayName: displayNameSchema.optional(),
  tier: nameSchema.nullable().optional(),
  rate: rateSchema.nullable().optional(),
  budget: budgetSchema.nullable().optional(),
  overrides: overridesSchema.optional(),
  persistedOperations: z.enum(PERSISTED_OPERATIONS_MODES).optional(),
};

export const createClientBodySchema = z.strictObject({
  id: nameSchema,
  recognition: recognitionSchema,
  ...fields,
});

/** Every field optional; given ones replace the stored value (`null` removes a rate, budget or tier). */
export const updateClientBodySchema = z
  .strictObject({ recognition: recognitionSchema.optional(), ...fields })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one field to change' });

export type CreateClientBody = z.output<typeof createClientBodySchema>;
export type UpdateClientBody = z.output<typeof updateClientBodySchema>;
