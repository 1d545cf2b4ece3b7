import { z } from 'zod';
import { TOKEN_ROLES } from '../api-types.js';
import { isValidName, NAME_PATTERN } from '../names.js';

/**
 * Zod schemas of the request inputs. Checks that have their own error code carry it in `params.registryCode`;
 * `validate()` turns it into that code instead of INVALID_INPUT.
 */
export const nameSchema = z.string().refine(isValidName, {
  message: `must match ${NAME_PATTERN.source}`,
  params: { registryCode: 'INVALID_NAME' },
});

function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol, hostname } = new URL(value);
  return (protocol === 'http:' || protocol === 'https:') && hostname.length > 0;
}

export const routingUrlSchema = z.string().refine(isHttpUrl, {
  message: 'must be an absolute http: or https: URL',
  params: { registryCode: 'INVALID_ROUTING_URL' },
});

export const variantParamsSchema = z.object({ graph: nameSchema, variant: nameSchema });
export const subgraphParamsSchema = variantParamsSchema.extend({ name: nameSchema });
export const versionParamsSchema = variantParamsSchema.extend({
  version: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, 'must be a positive integer')
    .transform(Number),
});

export const createGraphBodySchema = z.object({ name: nameSchema }).strict();

export const publishBodySchema = z
  .object({ sdl: z.string().max(5 * 1024 * 1024), routingUrl: routingUrlSchema })
  .strict();

export const createTokenBodySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    role: z.enum(TOKEN_ROLES),
    subgraphs: z.array(nameSchema).min(1).max(1000).nullable().optional(),
  })
  .strict()
  .refine((body) => body.role === 'publisher' || body.subgraphs == null, {
    message: 'only publisher tokens may be limited to subgraphs',
    path: ['subgraphs'],
  });

export const tokenParamsSchema = z.object({ id: z.string().min(1).max(100) });
