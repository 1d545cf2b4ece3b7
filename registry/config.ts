import { z } from 'zod';
import { RegistryErrors, type InputIssue } from './errors.js';
import { DEFAULT_DATA_DIR } from './storage/open-database.js';

export const DEFAULT_PORT = 4100;
export const DEFAULT_BODY_LIMIT = 5 * 1024 * 1024;
/** How long a check approval applies: 7 days. */
export const DEFAULT_APPROVAL_TTL_SECONDS = 7 * 24 * 3600;

const databaseUrlSchema = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\//.test(value) && URL.canParse(value), 'must be a postgres:// URL');
const approvalTtlSchema = z.coerce
  .number()
  .int('must be a whole number of seconds')
  .min(1, 'must be at least 1 second')
  .max(366 * 24 * 3600, 'must be at most 366 days');
const adminTokenSchema = z
  .string()
  .min(20, 'must be at least 20 characters')
  .regex(/^\S+$/, 'must not contain spaces');

/** Unset and empty variables are the same thing. */
const optional = <S extends z.ZodType>(schema: S) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const envSchema = z.object({
  DATABASE_URL: optional(databaseUrlSchema),
  ATRIUM_ADMIN_TOKEN: optional(adminTokenSchema),
  ATRIUM_DATA_DIR: optional(z.string()),
  PORT: optional(z.coerce.number().int().min(0).max(65_535)),
  ATRIUM_APPROVAL_TTL_SECONDS: optional(approvalTtlSchema),
});

export interface RegistryConfig {
  /** PostgreSQL connection string; PGlite in `dataDir` when absent. */
  readonly databaseUrl?: string;
  readonly adminToken?: string;
  readonly dataDir: string;
  readonly port: number;
  /** How long a check approval applies (ATRIUM_APPROVAL_TTL_SECONDS), default 7 days. */
  readonly approvalTtlSeconds: number;
}

/** Reads the registry's environment in one place, reporting every problem at once; the result is frozen. */
export function loadRegistryConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): RegistryConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw RegistryErrors.INVALID_CONFIG.create({ issues: toIssues(parsed.error) });
  const { DATABASE_URL, ATRIUM_ADMIN_TOKEN, ATRIUM_DATA_DIR, PORT, ATRIUM_APPROVAL_TTL_SECONDS } =
    parsed.data;
  return Object.freeze({
    ...(DATABASE_URL ? { databaseUrl: DATABASE_URL } : {}),
    ...(ATRIUM_ADMIN_TOKEN ? { adminToken: ATRIUM_ADMIN_TOKEN } : {}),
    dataDir: ATRIUM_DATA_DIR ?? DEFAULT_DATA_DIR,
    port: PORT ?? DEFAULT_PORT,
    approvalTtlSeconds: ATRIUM_APPROVAL_TTL_SECONDS ?? DEFAULT_APPROVAL_TTL_SECONDS,
  });
}

const optionsSchema = z.object({
  databaseUrl: databaseUrlSchema.optional(),
  dataDir: z.string().min(1).optional(),
  adminToken: adminTokenSchema.optional(),
  bodyLimit: z.number().int().positive().optional(),
  approvalTtlSeconds: approvalTtlSchema.optional(),
});

/** Checks the options given to `createRegistry` with the same rules as the environment. */
export function checkRegistryOptions(options: z.input<typeof optionsSchema>): void {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) throw RegistryErrors.INVALID_CONFIG.create({ issues: toIssues(parsed.error) });
}

function toIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
