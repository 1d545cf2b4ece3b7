import { z } from 'zod';
import { TOKEN_ROLES } from '../api-types.js';
import { FAIL_ON_VALUES } from '../checks/check-report.js';
import { LINT_LEVELS, LINT_RULES } from '../checks/lint/lint-config.js';
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

/** Readers see routing URLs: a password in one would be shown to every reader token. */
function hasCredentials(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { username, password } = new URL(value);
  return username !== '' || password !== '';
}

/** PostgreSQL text cannot hold U+0000; a value with one would fail in the database. */
const hasNoNul = (value: string): boolean => !value.includes('\u0000');
const NO_NUL = 'must not contain NUL (U+0000) characters';

export const routingUrlSchema = z
  .string()
  .refine(isHttpUrl, {
    message: 'must be an absolute http: or https: URL',
    params: { registryCode: 'INVALID_ROUTING_URL' },
  })
  .refine((value) => !hasCredentials(value), {
    message: 'must not contain credentials (user:password@)',
    params: { registryCode: 'INVALID_ROUTING_URL' },
  })
  .refine(hasNoNul, { message: NO_NUL, params: { registryCode: 'INVALID_ROUTING_URL' } });

export const variantParamsSchema = z.object({ graph: nameSchema, variant: nameSchema });
export const subgraphParamsSchema = variantParamsSchema.extend({ name: nameSchema });
export const versionParamsSchema = variantParamsSchema.extend({
  version: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, 'must be a positive integer')
    .transform(Number),
});

export const createGraphBodySchema = z.object({ name: nameSchema }).strict();
export const createVariantBodySchema = z.object({ name: nameSchema }).strict();

const sdlSchema = z.string().max(5 * 1024 * 1024);
const contactSchema = z.string().trim().min(1).max(200).refine(hasNoNul, NO_NUL);
const reasonSchema = z.string().max(2000).refine(hasNoNul, NO_NUL);

const gitPartSchema = z.string().trim().min(1).max(500).refine(hasNoNul, NO_NUL);

/** Where a check or write came from (docs/registry-api.md, "Git context"); every part optional. */
export const gitContextSchema = z
  .object({
    commit: gitPartSchema.optional(),
    branch: gitPartSchema.optional(),
    author: gitPartSchema.optional(),
    prUrl: gitPartSchema.optional(),
  })
  .strict();

/** What an approval follows across checks: a pull-request URL, a branch, any stable id of the change. */
export const contextIdSchema = z.string().trim().min(1).max(500).refine(hasNoNul, NO_NUL);

/** Provenance every gated write and check may carry. */
const provenance = { git: gitContextSchema.optional(), contextId: contextIdSchema.optional() };

export const publishBodySchema = z
  .object({
    sdl: sdlSchema,
    routingUrl: routingUrlSchema,
    ownerTeam: nameSchema.optional(),
    ownerContact: contactSchema.optional(),
    force: z.boolean().optional(),
    reason: reasonSchema.optional(),
    ...provenance,
  })
  .strict();

/** `POST …/subgraphs`: several subgraphs composed and published at once (one version or nothing). */
export const batchPublishBodySchema = z
  .object({
    subgraphs: z
      .array(z.object({ name: nameSchema, sdl: sdlSchema, routingUrl: routingUrlSchema }).strict())
      .min(1)
      .max(100)
      .refine((list) => new Set(list.map((s) => s.name)).size === list.length, {
        message: 'each subgraph may appear once',
      }),
    force: z.boolean().optional(),
    reason: reasonSchema.optional(),
    ...provenance,
  })
  .strict();

/** `DELETE …/subgraphs/:name` may have no body at all. */
export const deleteBodySchema = z
  .object({ force: z.boolean().optional(), reason: reasonSchema.optional(), ...provenance })
  .strict()
  .optional();

/** `DELETE /v1/graphs/:graph[/variants/:variant]?confirm=<name>`: the name repeated, and an optional reason. */
export const deleteConfirmQuerySchema = z.object({
  confirm: z.string().max(200).optional(),
  reason: reasonSchema.optional(),
});

/** `DELETE /v1/tokens/:id?confirm=`: needed to revoke the last active admin token. */
export const revokeQuerySchema = z.object({ confirm: z.string().max(200).optional() });

export const checkBodySchema = z
  .object({
    subgraph: nameSchema,
    sdl: sdlSchema.optional(),
    routingUrl: routingUrlSchema.optional(),
    delete: z.boolean().optional(),
    failOn: z.enum(FAIL_ON_VALUES).optional(),
    /** Every failing change counts, whatever its usage (docs/checks.md, "Usage-aware checks"). */
    skipUsage: z.boolean().optional(),
    ...provenance,
  })
  .strict()
  .refine((body) => (body.sdl === undefined) === (body.delete === true), {
    message: 'give either `sdl` or `delete: true`',
    path: ['sdl'],
  });

export const checkParamsSchema = z.object({ id: z.uuid() });

export const approveBodySchema = z.object({ reason: reasonSchema.optional() }).strict().optional();

export const limitQuerySchema = z.object({
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,3}$/, 'must be an integer from 1 to 9999')
    .transform(Number)
    .optional(),
});

/**
 * An ISO 8601 date or date-time with a four-digit year from 0001 to 9999: what PostgreSQL's timestamptz holds
 * (JavaScript dates reach ±275,760 years, PostgreSQL does not).
 */
const ISO_DATE = /^(\d{4})-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
function isStorableDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  return match !== null && Number(match[1]) >= 1 && !Number.isNaN(Date.parse(value));
}

export const changelogQuerySchema = z.object({
  since: z
    .string()
    .refine((value) => /^[1-9][0-9]{0,8}$/.test(value) || isStorableDate(value), {
      message: 'must be a version number or an ISO 8601 date between years 0001 and 9999',
    })
    .optional(),
});

export const lintConfigBodySchema = z
  .object({
    rules: z.partialRecord(z.enum(LINT_RULES), z.enum(LINT_LEVELS)).optional(),
    deprecationGracePeriodDays: z.number().int().min(0).max(3650).optional(),
  })
  .strict();

export const ownerBodySchema = z
  .object({ team: nameSchema.optional(), contact: contactSchema.optional() })
  .strict();
export const graphParamsSchema = z.object({ graph: nameSchema });

export const createTokenBodySchema = z
  .object({
    name: z.string().trim().min(1).max(100).refine(hasNoNul, NO_NUL),
    role: z.enum(TOKEN_ROLES),
    subgraphs: z.array(nameSchema).min(1).max(1000).nullable().optional(),
    graphs: z.array(nameSchema).min(1).max(1000).nullable().optional(),
    team: nameSchema.nullable().optional(),
  })
  .strict()
  .refine((body) => body.role !== 'admin' || body.graphs == null, {
    message:
      'admin tokens reach every graph; only publisher, reader and usage tokens may be limited to graphs',
    path: ['graphs'],
  })
  .refine((body) => body.role === 'publisher' || body.team == null, {
    message: 'only publisher tokens carry a team',
    path: ['team'],
  })
  .refine((body) => body.role === 'publisher' || body.subgraphs == null, {
    message: 'only publisher tokens may be limited to subgraphs',
    path: ['subgraphs'],
  });

export const tokenParamsSchema = z.object({ id: z.string().min(1).max(100).refine(hasNoNul, NO_NUL) });
