/**
 * The verified caller, as the `auth` policy hands it to the rest of the hub. Pure: no Node or Apollo.
 *
 * It is built once per verified token and frozen (the claims deeply), so later policies can read it but not
 * change it. The `Principal` type is the policy contract's (`policies/contract/principal.ts`), shared by every policy.
 */
import { deepFreeze } from '../../lib/deep-freeze.js';
import type { Principal } from '../contract/principal.js';
import { parseScopes } from './scopes.js';

export type { Principal };

export interface PrincipalSource {
  readonly claims: Record<string, unknown>;
  readonly issuer: string;
  readonly scopeClaim?: string | undefined;
}

/** Returns `undefined` when the claims name neither a subject nor a client. */
export function buildPrincipal({ claims, issuer, scopeClaim }: PrincipalSource): Principal | undefined {
  const clientId = nonEmptyString(claims['azp']) ?? nonEmptyString(claims['client_id']);
  const subject = nonEmptyString(claims['sub']) ?? clientId;
  if (subject === undefined) return undefined;
  return Object.freeze({
    subject,
    clientId,
    scopes: parseScopes(claims, scopeClaim),
    issuer,
    claims: deepFreeze(claims),
  });
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
