import { describe, expect, it } from 'vitest';
import { buildPrincipal } from '../../../policies/auth/principal.js';

const issuer = 'https://issuer.example';

describe('buildPrincipal', () => {
  it('takes the subject, the client (azp before client_id) and the scopes', () => {
    const principal = buildPrincipal({
      claims: { sub: 'user-1', azp: 'web', client_id: 'other', scope: 'a b' },
      issuer,
    });
    expect(principal).toMatchObject({ subject: 'user-1', clientId: 'web', issuer });
    expect([...(principal?.scopes ?? [])]).toEqual(['a', 'b']);
  });

  it('uses the client as subject when there is no sub, and gives up when there is neither', () => {
    expect(buildPrincipal({ claims: { client_id: 'svc' }, issuer })?.subject).toBe('svc');
    expect(buildPrincipal({ claims: { scope: 'a' }, issuer })).toBeUndefined();
  });

  it('freezes the principal and its claims deeply', () => {
    const principal = buildPrincipal({ claims: { sub: 's', nested: { roles: ['x'] } }, issuer });
    expect(Object.isFrozen(principal)).toBe(true);
    expect(Object.isFrozen(principal?.claims['nested'])).toBe(true);
    expect(Object.isFrozen((principal?.claims['nested'] as { roles: string[] }).roles)).toBe(true);
  });
});
