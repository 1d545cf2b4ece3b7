/**
 * The GraphQL context of one hub request: the caller's principal, written once by the `auth` policy while the
 * context is built (`setPrincipal`), and the request's `state` (request-state.ts), where every other
 * per-request value lives. Apollo Server shallow-copies this object per operation; `state` is shared by
 * reference, so what a policy keeps there in the context phase is still there in the response phase.
 */
import type { BaseContext } from '@apollo/server';
import type { Principal } from './principal.js';
import type { RequestState } from './request-state.js';

export interface HubContext extends BaseContext {
  /** Unset for anonymous callers. Read-only once written. */
  readonly principal?: Principal;
  /** Created once per request by the context builder; never replaced. */
  readonly state: RequestState;
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
