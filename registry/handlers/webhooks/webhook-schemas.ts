import { z } from 'zod';
import { SUBSCRIBABLE_EVENT_TYPES } from '../../webhooks/events.js';
import { nameSchema } from '../input-schemas.js';

const hasNoNul = (value: string): boolean => !value.includes('\u0000');

export const createWebhookBodySchema = z
  .object({
    url: z.string().min(1).max(2000).refine(hasNoNul, 'must not contain NUL (U+0000) characters'),
    events: z.array(z.enum(SUBSCRIBABLE_EVENT_TYPES)).min(1).max(20).optional(),
    variant: nameSchema.nullable().optional(),
    description: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .refine(hasNoNul, 'must not contain NUL (U+0000) characters')
      .optional(),
  })
  .strict();

export const webhookParamsSchema = z.object({ graph: nameSchema, id: z.uuid() });

export const deliveriesQuerySchema = z.object({
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/, 'must be an integer from 1 to 999')
    .transform(Number)
    .optional(),
});
