/**
 * The GraphQL context of one hub request. Its only public field is the caller's principal, written by the
 * `auth` policy while the context is built; every other per-request state stays private to the policy that
 * owns it (a `WeakMap` keyed by this object).
 */
import type { BaseContext } from '@apollo/server';

/** Who is calling, as established by the `auth` policy (not implemented yet: always unset for now). */
export interface Principal {
  /** Stable subject identifier (the token's `sub`). */
  readonly subject: string;
  /** Granted scopes, matched against `@requiresScopes`. */
  readonly scopes: ReadonlySet<string>;
  /** Verified claims, for policies that need more than the subject and scopes. */
  readonly claims: Readonly<Record<string, unknown>>;
}

export interface HubContext extends BaseContext {
  principal?: Principal;
}
