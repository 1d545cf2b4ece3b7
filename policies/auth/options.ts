import { z } from 'zod';
import { ASYMMETRIC_ALGORITHMS, type AsymmetricAlgorithm } from '../../lib/stale-tolerant-jwks.js';

/** JWS algorithms an access token may be signed with: asymmetric only (lib/stale-tolerant-jwks.ts). */
export { ASYMMETRIC_ALGORITHMS, type AsymmetricAlgorithm };

const introspectionClient = z.strictObject({
  /** The hub's client id at the issuer, used to authenticate introspection requests (RFC 7662). */
  clientId: z.string().min(1),
  /** Its secret. Never logged. */
  clientSecret: z.string().min(1),
  /** How the hub authenticates at the introspection endpoint. Default `client_secret_basic`. */
  authMethod: z.enum(['client_secret_basic', 'client_secret_post']).default('client_secret_basic'),
});

export const issuerOptions = z.strictObject({
  /** Issuer identifier; must equal the tokens' `iss` exactly (no trailing-slash normalisation). */
  issuer: z.url(),
  /** The audience this hub is, required in the token's `aud` (or the introspection response's `aud`). */
  audience: z.string().min(1),
  /** Accepted JWS algorithms. Default: every asymmetric algorithm (RS*, PS*, ES*, EdDSA). */
  algorithms: z
    .array(z.enum(ASYMMETRIC_ALGORITHMS))
    .min(1)
    .default([...ASYMMETRIC_ALGORITHMS]),
  /** Leeway for `exp`, `nbf` and `iat`, in seconds. Default 30. */
  clockToleranceSeconds: z.number().int().min(0).max(300).default(30),
  /** Claim holding the scopes. Default: `scope` (space-separated), falling back to `scp`. */
  scopeClaim: z.string().min(1).optional(),
  /**
   * Require the JWT header `typ: at+jwt` (RFC 9068), which tells an access token from an ID token. Default
   * true. Turn it off only for issuers that mint access tokens typed `JWT`; tokens carrying ID-token claims
   * (`nonce`, `at_hash`, `c_hash`) are rejected either way, and `aud` must name this hub either way.
   */
  requireAccessTokenType: z.boolean().default(true),
  /** Verify opaque tokens by RFC 7662 introspection, authenticated as this client. Default: off. */
  introspection: introspectionClient.optional(),
  /** Allow an `http:` issuer (discovery, JWKS, introspection). Default false; for local development only. */
  dangerouslyAllowInsecureHttp: z.boolean().default(false),
});

export const authOptions = z
  .strictObject({
    /** The trusted issuers; a token whose `iss` is not one of them is rejected. */
    issuers: z.array(issuerOptions).min(1),
    /** Reject requests without a token (401). Default false: they run as anonymous. */
    requireAuthentication: z.boolean().default(false),
    /** The realm in `WWW-Authenticate` challenges. Default `atrium`. */
    realm: z
      .string()
      .regex(/^[\x20-\x7e]+$/)
      .default('atrium'),
    /** Minimum time between two JWKS fetches triggered by an unknown `kid`, in ms. Default 30 000. */
    jwksCooldownMs: z.number().int().min(0).default(30_000),
    /** Timeout of a JWKS fetch, in ms. Default 5 000. */
    jwksTimeoutMs: z.number().int().min(1).default(5_000),
    /** Timeout of discovery and introspection requests, in ms. Default 5 000. */
    issuerTimeoutMs: z.number().int().min(1).default(5_000),
    /** After a failed discovery or JWKS fetch, how long to answer 503 without asking again, in ms. Default 5 000. */
    issuerRetryMs: z.number().int().min(0).default(5_000),
    /** Larger tokens are rejected before any parsing. Default 8 192. */
    maxTokenBytes: z.number().int().min(64).default(8_192),
    introspectionCache: z
      .strictObject({
        /** Cached introspection results (keyed by the token's SHA-256); oldest evicted first. Default 10 000. */
        maxEntries: z.number().int().min(0).default(10_000),
        /** Active results are cached until the token expires, at most this long, in s. Default 300. */
        maxTtlSeconds: z.number().int().min(0).default(300),
        /** Inactive (rejected) results are cached this long, in s. Default 10. */
        inactiveTtlSeconds: z.number().int().min(0).default(10),
      })
      .prefault({}),
    verifiedJwtCache: z
      .strictObject({
        /**
         * Verified JWT access tokens (keyed by SHA-256) whose signature and claims are not checked again on the
         * next request; oldest evicted first. 0 turns the cache off. Default 10 000.
         */
        maxEntries: z.number().int().min(0).default(10_000),
        /**
         * How long a verification is reused, in s, never past the token's `exp`. It bounds how long a token
         * signed with a key removed from the issuer's JWKS keeps working. Default 60.
         */
        maxTtlSeconds: z.number().int().min(0).default(60),
      })
      .prefault({}),
  })
  .superRefine((options, context) => {
    const seen = new Set<string>();
    options.issuers.forEach(({ issuer }, index) => {
      if (seen.has(issuer)) {
        context.addIssue({ code: 'custom', path: ['issuers', index, 'issuer'], message: 'duplicate issuer' });
      }
      seen.add(issuer);
    });
    // An opaque token does not say who issued it. Sending it to several introspection endpoints would hand
    // one issuer's tokens to the others, so at most one issuer may introspect.
    const introspecting = options.issuers.filter((issuer) => issuer.introspection !== undefined);
    if (introspecting.length > 1) {
      context.addIssue({
        code: 'custom',
        path: ['issuers'],
        message: 'at most one issuer may configure introspection (opaque tokens carry no issuer)',
      });
    }
  });

export type AuthOptions = z.output<typeof authOptions>;
export type AuthOptionsInput = z.input<typeof authOptions>;
export type IssuerOptions = z.output<typeof issuerOptions>;
