// The caller's identity as the hub shares it between policies. No imports: pure policy code may use it.

/** Who is calling, as established by the `auth` policy from a verified access token. */
export interface Principal {
  /** Stable subject identifier (the token's `sub`; for client credentials, the client id). */
  readonly subject: string;
  /** The OAuth client the token was issued to (`azp`, else `client_id`), when the token says. */
  readonly clientId: string | undefined;
  /** Granted scopes (`scope`, else `scp`), matched against `@requiresScopes`. */
  readonly scopes: ReadonlySet<string>;
  /** The issuer that vouched for the token. */
  readonly issuer: string;
  /** Verified claims, for policies that need more than the subject and scopes. */
  readonly claims: Readonly<Record<string, unknown>>;
}
