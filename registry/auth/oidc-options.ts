/**
 * The registry's optional OpenID Connect sign-in (docs/dashboard.md, "Sign in with OpenID Connect"): which
 * issuer it trusts, the audience its access tokens must name, the public client the dashboard uses, and how
 * token claims map to a registry role, team and graphs. Without a role mapping nobody gets in: a valid token
 * whose claims map to no role is refused with 403 OIDC_NO_ROLE, never treated as a reader.
 */
import { z } from 'zod';
import { ASYMMETRIC_ALGORITHMS } from '../../lib/stale-tolerant-jwks.js';

/** The roles an OIDC principal may be mapped to (`usage` is for hub tokens only). */
export const OIDC_ROLES = ['admin', 'publisher', 'reader'] as const;
export type OidcRole = (typeof OIDC_ROLES)[number];

/** JWS algorithms accepted: asymmetric only (keys come from the issuer's public JWKS). */
export const OIDC_ALGORITHMS = ASYMMETRIC_ALGORITHMS;

export const DEFAULT_OIDC_ROLE_CLAIM = 'roles';
export const DEFAULT_OIDC_SCOPE = 'openid';
export const DEFAULT_OIDC_CLOCK_TOLERANCE_SECONDS = 30;
export const DEFAULT_OIDC_TIMEOUT_MS = 5_000;
/** After a failed discovery, requests in the next 2 s fail at once (503) instead of asking the issuer again. */
export const DEFAULT_OIDC_RETRY_MS = 2_000;

const claimName = z.string().min(1).max(200);

export const oidcOptionsSchema = z.strictObject({
  /** Issuer identifier; must equal the tokens' `iss` exactly. Discovery: `<issuer>/.well-known/openid-configuration`. */
  issuer: z.url(),
  /** The audience the registry is: required in the token's `aud`. */
  audience: z.string().min(1),
  /** The public client id the dashboard signs in with (Authorization Code + PKCE); none: no button. */
  clientId: z.string().min(1).optional(),
  /** The scope the dashboard asks for. Default `openid`. */
  scope: z.string().min(1).default(DEFAULT_OIDC_SCOPE),
  /** The name on the button ("Sign in with …"); default the issuer's host. */
  providerName: z.string().min(1).max(60).optional(),
  /** The claim holding role values (a string, space-separated, or an array of strings). Default `roles`. */
  roleClaim: claimName.default(DEFAULT_OIDC_ROLE_CLAIM),
  /** Claim value → registry role. Empty (the default): every OIDC principal is refused (403 OIDC_NO_ROLE). */
  roles: z.record(z.string().min(1), z.enum(OIDC_ROLES)).default({}),
  /** The claim holding the principal's team (a string); none: no team. */
  teamClaim: claimName.optional(),
  /** The claim holding the graphs the principal may act in (array or space-separated); none: every graph. */
  graphsClaim: claimName.optional(),
  algorithms: z
    .array(z.enum(OIDC_ALGORITHMS))
    .min(1)
    .default([...OIDC_ALGORITHMS]),
  /** Leeway for `exp`, `nbf` and `iat`, in seconds. Default 30. */
  clockToleranceSeconds: z.number().int().min(0).max(300).default(DEFAULT_OIDC_CLOCK_TOLERANCE_SECONDS),
  /** Deadline of each request to the issuer (discovery, JWKS). Default 5 s. */
  timeoutMs: z.number().int().positive().max(60_000).default(DEFAULT_OIDC_TIMEOUT_MS),
  /** Allow an `http:` issuer and JWKS. Default false; for local development only (the demo's provider). */
  dangerouslyAllowInsecureHttp: z.boolean().default(false),
});

export type OidcOptionsInput = z.input<typeof oidcOptionsSchema>;
export type OidcOptions = z.output<typeof oidcOptionsSchema>;

/** `registry-admins=admin,catalog-devs=publisher`: claim values and roles, comma-separated. */
export const oidcRolesEnvSchema = z
  .string()
  .transform((text, context) => {
    const roles: Record<string, string> = {};
    for (const part of text.split(',')) {
      const entry = part.trim();
      if (entry === '') continue;
      const at = entry.lastIndexOf('=');
      if (at <= 0) {
        context.addIssue({ code: 'custom', message: `"${entry}" is not VALUE=ROLE` });
        continue;
      }
      roles[entry.slice(0, at).trim()] = entry.slice(at + 1).trim();
    }
    return roles;
  })
  .pipe(
    z.record(
      z.string().min(1),
      z.enum(OIDC_ROLES, { message: 'each role must be admin, publisher or reader' }),
    ),
  );
