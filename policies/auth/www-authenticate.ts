/**
 * Builds `WWW-Authenticate: Bearer …` challenges (RFC 6750 §3). Pure: no Node or Apollo.
 *
 * A request without credentials gets only the realm (§3.1: no `error` attribute when the client did not try
 * to authenticate). A rejected token gets `error` and `error_description`. Attribute values are
 * quoted-strings (RFC 9110 §5.6.4): `"` and `\` are escaped, and anything outside printable ASCII is
 * replaced, so a description can never break the header. Descriptions are fixed texts from this policy;
 * the token is never part of them.
 */

export type BearerErrorCode = 'invalid_request' | 'invalid_token' | 'insufficient_scope';

export interface BearerChallenge {
  readonly realm: string;
  readonly error?: BearerErrorCode;
  readonly errorDescription?: string;
}

export function buildBearerChallenge(challenge: BearerChallenge): string {
  const attributes = [`realm=${quote(challenge.realm)}`];
  if (challenge.error !== undefined) {
    attributes.push(`error=${quote(challenge.error)}`);
    if (challenge.errorDescription !== undefined) {
      attributes.push(`error_description=${quote(challenge.errorDescription)}`);
    }
  }
  return `Bearer ${attributes.join(', ')}`;
}

export function quote(value: string): string {
  const printable = value.replace(/[^\x20-\x7e]/g, '?');
  return `"${printable.replace(/["\\]/g, (character) => `\\${character}`)}"`;
}
