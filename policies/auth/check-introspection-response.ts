/**
 * Decides whether an RFC 7662 introspection response vouches for an access token meant for this hub. The
 * authorization server said `active`, but the hub still checks what it would check in a JWT: issuer,
 * audience, time window, token type, and no sender constraint. Pure: no Node or Apollo.
 */
import type { IssuerOptions } from './options.js';
import { buildPrincipal } from './principal.js';
import { invalid, REASONS, type TokenCheck } from './token-check.js';

export function checkIntrospectionResponse(
  response: Readonly<Record<string, unknown>>,
  options: Pick<IssuerOptions, 'issuer' | 'audience' | 'clockToleranceSeconds' | 'scopeClaim'>,
  nowSeconds: number,
): TokenCheck {
  if (response['active'] !== true) return invalid(REASONS.inactive);
  const { iss, aud, exp, nbf, token_type: tokenType } = response;
  if (iss !== undefined && iss !== options.issuer) return invalid(REASONS.untrustedIssuer);
  if (!audienceIncludes(aud, options.audience)) return invalid(REASONS.wrongAudience);
  const leeway = options.clockToleranceSeconds;
  if (typeof exp === 'number' && exp + leeway <= nowSeconds) return invalid(REASONS.expired);
  if (typeof nbf === 'number' && nbf - leeway > nowSeconds) return invalid(REASONS.notYetValid);
  if (typeof tokenType === 'string' && tokenType.toLowerCase() !== 'bearer') {
    return invalid(REASONS.notAnAccessToken);
  }
  if (response['cnf'] !== undefined) return invalid(REASONS.senderConstrained);

  const { active: _active, ...claims } = response;
  const principal = buildPrincipal({ claims, issuer: options.issuer, scopeClaim: options.scopeClaim });
  return principal === undefined ? invalid(REASONS.noSubject) : { kind: 'valid', principal };
}

/** A missing `aud` does not pass: a token the server did not bind to this hub could be meant for anyone. */
function audienceIncludes(aud: unknown, audience: string): boolean {
  if (typeof aud === 'string') return aud === audience;
  return Array.isArray(aud) && aud.includes(audience);
}
