import { z } from 'zod';
import { nameSchema, variantParamsSchema } from '../input-schemas.js';

/** Zod schemas of the persisted-operation routes (docs/registry-api.md, "Persisted operations"). */

/** A client version: what the app's release is called, e.g. `1.4.2`, `2024.06.1`, `1.0.0-beta.3+build.7`. */
export const CLIENT_VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;

const clientVersionSchema = z
  .string()
  .regex(CLIENT_VERSION_PATTERN, `must match ${CLIENT_VERSION_PATTERN.source}`);

export const clientVersionsParamsSchema = variantParamsSchema.extend({ client: nameSchema });
export const clientVersionParamsSchema = clientVersionsParamsSchema.extend({ version: clientVersionSchema });

export const clientVersionsQuerySchema = z.object({ client: nameSchema.optional() });

const hasNoNul = (value: string): boolean => !value.includes('\u0000');
const NO_NUL = 'must not contain NUL (U+0000) characters';

/** Lengths are bounded by the body limit; the counts and sizes that have codes are checked by the service. */
export const publishOperationsBodySchema = z.strictObject({
  operations: z
    .array(
      z.strictObject({
        id: z.string().min(1).max(128),
        body: z.string().min(1).refine(hasNoNul, NO_NUL),
        name: z.string().max(1024).nullable().optional(),
        type: z.enum(['query', 'mutation', 'subscription']).optional(),
      }),
    )
    .min(1),
});

export const retireBodySchema = z
  .strictObject({ reason: z.string().trim().min(1).max(2000).refine(hasNoNul, NO_NUL).optional() })
  .optional();
