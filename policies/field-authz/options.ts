import { z } from 'zod';

/**
 * Options of the `field-authz` policy. Every option has a default, so `{ enabled: true }` enforces the
 * supergraph's `@authenticated`, `@requiresScopes` and `@policy` directives in `filter` mode.
 */

/** A claim name, or a path into nested claims (`['realm_access', 'roles']`): names may contain dots (`https://…`). */
const claimPath = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const claimValue = z.union([z.string(), z.number(), z.boolean()]);

/**
 * A declarative test of the caller's verified claims. `equals`: the claim is exactly this value; `contains`:
 * the claim is an array holding this value (a string claim never "contains"); `oneOf`: the claim is one of these
 * values; `allOf` / `anyOf`: combinations. There is deliberately no negation: a missing claim never grants access.
 */
export type ClaimPredicate =
  | { readonly claim: string | readonly string[]; readonly equals: string | number | boolean }
  | { readonly claim: string | readonly string[]; readonly contains: string | number | boolean }
  | { readonly claim: string | readonly string[]; readonly oneOf: readonly (string | number | boolean)[] }
  | { readonly allOf: readonly ClaimPredicate[] }
  | { readonly anyOf: readonly ClaimPredicate[] };

export const claimPredicateSchema: z.ZodType<ClaimPredicate> = z.lazy(() =>
  z.union([
    z.strictObject({ claim: claimPath, equals: claimValue }),
    z.strictObject({ claim: claimPath, contains: claimValue }),
    z.strictObject({ claim: claimPath, oneOf: z.array(claimValue).min(1) }),
    z.strictObject({ allOf: z.array(claimPredicateSchema).min(1) }),
    z.strictObject({ anyOf: z.array(claimPredicateSchema).min(1) }),
  ]),
);

/** Outer list: alternatives (OR); inner list: all required (AND). */
const alternativesSchema = z.array(z.array(z.string().min(1)));

/** `Type` or `Type.field`. */
const COORDINATE = /^[_A-Za-z][_0-9A-Za-z]*(\.[_A-Za-z][_0-9A-Za-z]*)?$/;

export const ruleSchema = z.strictObject({
  authenticated: z.boolean().optional(),
  requiresScopes: alternativesSchema.optional(),
  policies: alternativesSchema.optional(),
});

export type FieldAuthzRule = z.output<typeof ruleSchema>;

export const fieldAuthzOptions = z.strictObject({
  /**
   * `filter` (default): denied fields are removed before query planning and come back `null` with an error each.
   * `reject`: the whole operation fails with 403 `FORBIDDEN_OPERATION`. `dry-run`: nothing is filtered; denials
   * are logged and reported in `extensions.fieldAuthz`.
   */
  mode: z.enum(['filter', 'reject', 'dry-run']).default('filter'),
  /** Named policies used by `@policy(policies: [[…]])` and by `rules`. A name with no definition always denies. */
  policies: z.record(z.string().min(1), claimPredicateSchema).default({}),
  /**
   * Extra requirements by schema coordinate, for subgraphs that carry no directives. They add to what the
   * supergraph declares (both must hold); a rule can never relax a directive.
   */
  rules: z
    .record(z.string().regex(COORDINATE, 'must be a schema coordinate: Type or Type.field'), ruleSchema)
    .default({}),
  /**
   * `filtered` (default): introspection shows only the fields and types the caller could access. `full`: the
   * whole API schema. `off`: `__schema` and `__type` are refused.
   */
  introspection: z.enum(['full', 'filtered', 'off']).default('filtered'),
  /** Authorization decisions kept, keyed by (operation, caller's relevant scopes and policies). Default 10,000. */
  decisionCacheSize: z.number().int().positive().default(10_000),
  /**
   * Field selections walked per operation, fragments expanded; above it the operation is refused rather than
   * authorized partially (fail closed). Default 20,000.
   */
  maxSelections: z.number().int().positive().default(20_000),
});

export type FieldAuthzOptions = z.output<typeof fieldAuthzOptions>;
export type FieldAuthzOptionsInput = z.input<typeof fieldAuthzOptions>;
export type FieldAuthzMode = FieldAuthzOptions['mode'];
export type IntrospectionMode = FieldAuthzOptions['introspection'];
