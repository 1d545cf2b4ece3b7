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
