/** The zod schemas of the usage routes (shapes in usage-types.ts). */
import { z } from 'zod';
import { usageCoordinateSchema as coordinateSchema } from '../../../lib/usage-batch.js';

export { usageBatchSchema } from '../../../lib/usage-batch.js';

export const periodQuerySchema = z.strictObject({ period: z.string().max(16).optional() });

export const fieldParamsSchema = z.object({
  graph: z.string(),
  variant: z.string(),
  coordinate: coordinateSchema,
});

/** Most coordinates one `GET …/usage/timelines` reads: the explorer asks a page of rows at a time. */
export const MAX_TIMELINE_COORDINATES = 200;

/** `GET …/usage/timelines?coordinates=A,B&period=30d`. */
export const timelinesQuerySchema = z.strictObject({
  period: z.string().max(16).optional(),
  coordinates: z
    .string()
    .max(MAX_TIMELINE_COORDINATES * 513)
    .transform((text) => text.split(',').filter((part) => part !== ''))
    .pipe(
      z
        .array(coordinateSchema)
        .min(1, { message: 'name at least one coordinate' })
        .max(MAX_TIMELINE_COORDINATES, { message: `at most ${MAX_TIMELINE_COORDINATES} coordinates` }),
    ),
});

const clientLabelSchema = z
  .string()
  .max(256)
  .refine((value) => !value.includes('\u0000'), { message: 'must not contain NUL (U+0000) characters' });

/** `PUT …/usage-check-settings`: the fields given replace the current ones. */
export const usageCheckSettingsBodySchema = z.strictObject({
  period: z
    .string()
    .regex(/^([1-9][0-9]{0,3})([dh])$/, { message: 'must be a number of days or hours, like "7d" or "12h"' })
    .optional(),
  thresholdRequests: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  thresholdPercentage: z.number().min(0).max(100).optional(),
  excludedClients: z.array(clientLabelSchema).max(1000).optional(),
  excludedClientVersions: z
    .array(z.strictObject({ client: clientLabelSchema, version: clientLabelSchema }))
    .max(1000)
    .optional(),
});
