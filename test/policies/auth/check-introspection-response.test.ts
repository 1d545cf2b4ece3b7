import { describe, expect, it } from 'vitest';
import { checkIntrospectionResponse } from '../../../policies/auth/check-introspection-response.js';

const options = {
  issuer: 'https://issuer.example',
  audience: 'https://api.example',
  clockToleranceSeconds: 30,
};
const now = 1_000_000;
const active = {
  active: true,
  iss: options.issuer,
  aud: options.audience,
  client_id: 'app',
  exp: now + 60,
  scope: 'a',
};
const reasonOf = (response: Record<string, unknown>) => {
  const check = checkIntrospectionResponse(response, options, now);
  return check.kind === 'invalid' ? check.reason : 'valid';
};

describe('checkIntrospectionResponse', () => {
  it('accepts an active token for this audience, without the active member in its claims', () => {
    const check = checkIntrospectionResponse({ ...active, aud: ['other', options.audience] }, options, now);
    if (check.kind !== 'valid') throw new Error(check.reason);
    expect(check.principal).toMatchObject({ subject: 'app', clientId: 'app' });
    expect(check.principal.claims).not.toHaveProperty('active');
  });

  it.each([
    [{ active: false }, 'The access token is not active'],
    [{ ...active, active: 'true' }, 'The access token is not active'],
    [{ ...active, iss: 'https://evil.example' }, 'The access token issuer is not trusted'],
    [{ ...active, aud: 'https://other.example' }, 'The access token is not intended for this audience'],
    [{ ...active, aud: undefined }, 'The access token is not intended for this audience'],
    [{ ...active, exp: now - 31 }, 'The access token expired'],
    [{ ...active, nbf: now + 31 }, 'The access token is not valid yet'],
    [{ ...active, token_type: 'refresh_token' }, 'The token is not an access token'],
    [{ ...active, cnf: { jkt: 'x' } }, 'Sender-constrained access tokens are not supported'],
    [{ ...active, client_id: undefined }, 'The access token names no subject'],
  ])('rejects %j', (response, reason) => {
    expect(reasonOf(response)).toBe(reason);
  });

  it('allows the clock leeway', () => {
    expect(reasonOf({ ...active, exp: now - 29, nbf: now + 29 })).toBe('valid');
  });
});
