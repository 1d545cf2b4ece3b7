/**
 * The top-level `auth` and `authorization` keys: shorthands for the `auth` and `field-authz` policies of the
 * pipeline table, validated with those policies' own schemas (so errors carry the path the user wrote,
 * `auth.issuers.[0].audience`) and then moved into `policies`, which stays the one form the pipeline reads.
 *
 * - `auth: {…}` enables the `auth` policy with those options.
 * - `authorization: {…}` enables `field-authz` with those options (`enabled: false` turns it off).
 * - `auth` without `authorization` enables `field-authz` with its defaults (filter mode): a hub that knows who
 *   calls must not ignore the supergraph's `@authenticated`, `@requiresScopes` and `@policy`.
 * - The field-authz `introspection` option always comes from the top-level `introspection` key.
 * - Naming a policy both ways (`auth` and `policies.auth`) is a configuration error.
 */
import { z } from 'zod';
import type { AuthOptionsInput } from '../../policies/auth/options.js';
import type { FieldAuthzOptionsInput } from '../../policies/field-authz/options.js';
import type { ConfigIssue } from '../errors.js';
import type { PoliciesConfig, PolicySettings } from '../pipeline/assemble-pipeline.js';
import type { PolicyDefinition, PolicyTableEntry } from '../pipeline/policy.js';
import { isPlainObject, type ConfigLayer } from './config-layers.js';

export const SHORTHANDS = Object.freeze({ auth: 'auth', authorization: 'field-authz' } as const);

type Options = Readonly<Record<string, unknown>>;

function definition(table: readonly PolicyTableEntry[], name: string): PolicyDefinition | undefined {
  const entry = table.find((candidate) => candidate.name === name);
  return entry?.kind === 'policy' ? entry : undefined;
}

function unavailable(policy: string) {
  return z.undefined({ error: `policy "${policy}" is not available in this hub` });
}

/** What the file may hold under `authorization`: field-authz's options but `introspection`, plus `enabled`. */
export type AuthorizationInput = Omit<FieldAuthzOptionsInput, 'introspection'> & { enabled?: boolean };

type Shorthand<Input> = z.ZodType<Options | undefined, Input | undefined>;

/**
 * The schemas come from the table (the policies' own option schemas); their input types are the policies'
 * documented option types, which the generic table entry cannot carry.
 */
export function shorthandSchemas(table: readonly PolicyTableEntry[]): {
  auth: Shorthand<AuthOptionsInput>;
  authorization: Shorthand<AuthorizationInput>;
} {
  const auth = definition(table, SHORTHANDS.auth);
  const authz = definition(table, SHORTHANDS.authorization);
  const { introspection: _introspection, ...authzShape } = authz?.options.shape ?? {};
  return {
    auth: (auth === undefined
      ? unavailable(SHORTHANDS.auth)
      : auth.options.optional()) as Shorthand<AuthOptionsInput>,
    authorization: (authz === undefined
      ? unavailable(SHORTHANDS.authorization)
      : z
          .strictObject({ ...authzShape, enabled: z.boolean().default(true) })
          .optional()) as Shorthand<AuthorizationInput>,
  };
}

interface WithShorthands {
  readonly auth?: Options | undefined;
  readonly authorization?: (Options & { readonly enabled?: boolean }) | undefined;
  readonly introspection: 'full' | 'filtered' | 'off';
  readonly policies: PoliciesConfig;
}

/** Policies not mentioned anywhere validate to `{ enabled: false, options: {} }` (see hub-config-schema.ts). */
function mentioned(settings: PolicySettings | undefined): boolean {
  return settings !== undefined && (settings.enabled || Object.keys(settings.options).length > 0);
}

export function applyShorthands<Config extends WithShorthands>(
  config: Config,
  table: readonly PolicyTableEntry[],
): Omit<Config, 'auth' | 'authorization'> {
  const { auth, authorization, ...rest } = config;
  const policies: Record<string, PolicySettings> = { ...config.policies };
  if (auth !== undefined) policies[SHORTHANDS.auth] = { enabled: true, options: auth };

  const authz = definition(table, SHORTHANDS.authorization);
  if (authorization !== undefined) {
    const { enabled = true, ...options } = authorization;
    policies[SHORTHANDS.authorization] = { enabled, options };
  } else if (auth !== undefined && authz !== undefined && !mentioned(policies[SHORTHANDS.authorization])) {
    policies[SHORTHANDS.authorization] = { enabled: true, options: authz.options.parse({}) };
  }

  const settings = policies[SHORTHANDS.authorization];
  if (settings?.enabled === true && authz !== undefined && 'introspection' in authz.options.shape) {
    policies[SHORTHANDS.authorization] = {
      enabled: true,
      options: { ...settings.options, introspection: config.introspection },
    };
  }
  return { ...rest, policies };
}

/** Checked on the merged layers, before validation: a policy configured both ways. */
export function shorthandConflicts(layer: ConfigLayer): ConfigIssue[] {
  const policies = isPlainObject(layer['policies']) ? layer['policies'] : {};
  return Object.entries(SHORTHANDS).flatMap(([key, policy]) =>
    layer[key] !== undefined && policies[policy] !== undefined
      ? [
          {
            path: key,
            message: `configure the "${policy}" policy either with "${key}" or with "policies.${policy}", not both`,
          },
        ]
      : [],
  );
}
