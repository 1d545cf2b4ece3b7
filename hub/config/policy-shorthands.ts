/**
 * Top-level configuration keys of policies (`config.key` in a policy's definition: `auth`, `authorization`,
 * `identityForwarding`, `limits`, …): shorthands for `policies.<name>`, validated with the policy's own schema
 * (so errors carry the path the user wrote, `auth.issuers.[0].audience`) and then moved into `policies`, which
 * stays the one form the pipeline reads. Nothing here knows a policy by name; the definitions say:
 *
 * - `<key>: {…}` enables the policy with those options (`enabled: false` turns it off).
 * - `config.enabledWith: 'auth'`: the policy is enabled with its defaults whenever `auth` is and the
 *   configuration does not mention it (a hub that knows who calls must not ignore `@authenticated`).
 * - `config.inherits: ['introspection']`: those options always come from the hub's top-level settings.
 * - Naming a policy both ways (`auth` and `policies.auth`) is a configuration error.
 */
import { z } from 'zod';
import type { HubSettings } from '../../policies/contract/hub-settings.js';
import type { PolicyDefinition, PolicyTableEntry } from '../../policies/contract/policy.js';
import type { ConfigIssue } from '../errors.js';
import type { PoliciesConfig, PolicySettings } from '../pipeline/assemble-pipeline.js';
import { isPlainObject, type ConfigLayer } from './config-layers.js';

type Options = Readonly<Record<string, unknown>>;

function definitions(table: readonly PolicyTableEntry[]): PolicyDefinition[] {
  return table.filter((entry): entry is PolicyDefinition => entry.kind === 'policy');
}

function withConfigKey(
  table: readonly PolicyTableEntry[],
): (PolicyDefinition & { config: { key: string } })[] {
  return definitions(table).filter(
    (entry): entry is PolicyDefinition & { config: { key: string } } => entry.config.key !== undefined,
  );
}

/** The policy's options without the hub settings it inherits (they cannot be configured per policy). */
export function configurableOptions(entry: PolicyDefinition): z.ZodObject {
  const inherited = entry.config.inherits ?? [];
  if (inherited.length === 0) return entry.options;
  const mask = Object.fromEntries(inherited.map((key) => [key, true]));
  return entry.options.omit(mask as Parameters<z.ZodObject['omit']>[0]);
}

/** The schema of each top-level policy key: the policy's options plus `enabled` (default true), optional. */
export function shorthandSchemas(table: readonly PolicyTableEntry[]): Record<string, z.ZodType> {
  return Object.fromEntries(
    withConfigKey(table).map((entry) => [
      entry.config.key,
      configurableOptions(entry)
        .extend({ enabled: z.boolean().default(true) })
        .optional(),
    ]),
  );
}

/** Policies not mentioned anywhere validate to `{ enabled: false, options: {} }` (see hub-config-schema.ts). */
function mentioned(settings: PolicySettings | undefined): boolean {
  return settings !== undefined && (settings.enabled || Object.keys(settings.options).length > 0);
}

/** The `policies` of the configuration once the top-level keys (validated already) are moved in. */
export function applyShorthands(
  config: HubSettings & { readonly policies: PoliciesConfig } & Readonly<Record<string, unknown>>,
  table: readonly PolicyTableEntry[],
): PoliciesConfig {
  const policies: Record<string, PolicySettings> = { ...config.policies };
  for (const entry of withConfigKey(table)) {
    const value = config[entry.config.key] as (Options & { readonly enabled?: boolean }) | undefined;
    if (value === undefined) continue;
    const { enabled = true, ...options } = value;
    policies[entry.name] = { enabled, options };
  }
  for (const entry of definitions(table)) {
    const companions = [entry.config.enabledWith ?? []].flat();
    if (
      companions.some((companion) => policies[companion]?.enabled === true) &&
      !mentioned(policies[entry.name])
    ) {
      policies[entry.name] = { enabled: true, options: entry.options.parse({}) };
    }
    const settings = policies[entry.name];
    const inherited = entry.config.inherits ?? [];
    if (settings?.enabled === true && inherited.length > 0) {
      const fromHub = Object.fromEntries(inherited.map((name) => [name, config[name]]));
      policies[entry.name] = { enabled: true, options: { ...settings.options, ...fromHub } };
    }
  }
  return policies;
}

/** Checked on the merged layers, before validation: a policy configured both ways. */
export function shorthandConflicts(layer: ConfigLayer, table: readonly PolicyTableEntry[]): ConfigIssue[] {
  const policies = isPlainObject(layer['policies']) ? layer['policies'] : {};
  return withConfigKey(table).flatMap(({ name, config: { key } }) =>
    layer[key] !== undefined && policies[name] !== undefined
      ? [
          {
            path: key,
            message: `configure the "${name}" policy either with "${key}" or with "policies.${name}", not both`,
          },
        ]
      : [],
  );
}
