/**
 * The GraphQL context of one hub request. Its only public field is the caller's principal, written once by the
 * `auth` policy while the context is built (`setPrincipal`); every other per-request state stays private to
 * the policy that owns it (a `WeakMap` keyed by this object).
 */
import type { BaseContext } from '@apollo/server';
import type { Principal } from './principal.js';

export type { Principal };

export interface HubContext extends BaseContext {
  /** Unset for anonymous callers. Read-only once written. */
  readonly principal?: Principal;
}

/**
 * Writes the principal, once: the property is made read-only and non-configurable, so no later policy (or a
 * second write) can replace who the caller is.
 */
export function setPrincipal(context: HubContext, principal: Principal): void {
  if (context.principal !== undefined) throw new Error('The principal of a request is written only once');
  Object.defineProperty(context, 'principal', {
    value: principal,
    enumerable: true,
    writable: false,
    configurable: false,
  });
}
