/** The zod schemas of the usage routes (shapes in usage-types.ts). */
import { z } from 'zod';

const MAX_TEXT = 256;
const coordinateSchema = z
  .string()
  .min(3)
  .max(512)
  .regex(/^[_A-Za-z][_0-9A-Za-z]*\.[_A-Za-z][_0-9A-Za-z]*(\([_A-Za-z][_0-9A-Za-z]*:\))?$/, {
    message: 'must be a schema coordinate: Type.field, Type.field(argument:) or Enum.VALUE',
  });
const hashSchema = z.string().regex(/^[0-9a-f]{64}$/, { message: 'must be a sha256 hex digest' });
const countSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const sumSchema = z.number().min(0).max(Number.MAX_VALUE);
const countsSchema = z
  .record(coordinateSchema, countSchema)
  .refine((record) => Object.keys(record).length <= 10_000, { message: 'at most 10000 coordinates' });

export const usageBatchSchema = z.strictObject({
  batchId: z.uuid(),
  dropped: countSchema.default(0),
  operations: z
    .array(
      z.strictObject({
        hash: hashSchema,
        name: z.string().max(MAX_TEXT).nullable(),
        type: z.enum(['query', 'mutation', 'subscription']),
        signature: z.string().max(256 * 1024),
        coordinates: z.array(coordinateSchema).max(10_000),
      }),
    )
    .max(10_000),
  entries: z
    .array(
      z.strictObject({
        minute: z
          .number()
          .int()
          .min(0)
          .refine((value) => value % 60_000 === 0, { message: 'must be the start of a minute (ms)' }),
        operation: hashSchema,
        client: z.strictObject({ name: z.string().max(MAX_TEXT), version: z.string().max(MAX_TEXT) }),
        verifiedClientId: z.string().min(1).max(MAX_TEXT).nullable(),
        count: countSchema,
        ok: countSchema,
        errors: countSchema,
        refused: countSchema,
        refusedBy: z.record(z.string().min(1).max(64), countSchema),
        durationMs: sumSchema,
        estimatedCost: sumSchema,
        actualCost: sumSchema,
        coordinates: countsSchema,
        denied: countsSchema,
      }),
    )
    .max(100_000),
});

export const periodQuerySchema = z.strictObject({ period: z.string().max(16).optional() });

export const fieldParamsSchema = z.object({
  graph: z.string(),
  variant: z.string(),
  coordinate: coordinateSchema,
});
