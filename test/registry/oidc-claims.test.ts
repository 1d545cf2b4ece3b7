// From verified claims to a registry role, team and graphs (registry/auth/oidc-claims.ts): deny by default.
import { describe, expect, it } from 'vitest';
import { mapClaims } from '../../registry/auth/oidc-claims.js';

const options = {
  roleClaim: 'groups',
  roles: { admins: 'admin', devs: 'publisher', staff: 'reader' } as const,
  teamClaim: 'team',
};

describe('mapClaims', () => {
  it('gives the highest role any claim value maps to, from an array or a space-separated string', () => {
    expect(mapClaims({ groups: ['staff', 'devs'] }, options)?.role).toBe('publisher');
    expect(mapClaims({ groups: 'staff admins other' }, options)?.role).toBe('admin');
    expect(mapClaims({ groups: ['staff'], team: 'catalog' }, options)).toEqual({
      role: 'reader',
      team: 'catalog',
      graphs: null,
    });
  });

  it('maps nothing without a mapped value: no claim, unknown values, other types, inherited names', () => {
    expect(mapClaims({}, options)).toBeNull();
    expect(mapClaims({ groups: ['marketing'] }, options)).toBeNull();
    expect(mapClaims({ groups: 42 }, options)).toBeNull();
    expect(mapClaims({ groups: ['toString', 'constructor'] }, options)).toBeNull();
    expect(mapClaims({ groups: ['admins'] }, { ...options, roles: {} })).toBeNull();
  });

  it('limits to the graphs of the graphs claim, and to none when that claim is configured but absent', () => {
    const withGraphs = { ...options, graphsClaim: 'graphs' };
    expect(mapClaims({ groups: 'devs', graphs: 'shop billing' }, withGraphs)?.graphs).toEqual([
      'shop',
      'billing',
    ]);
    expect(mapClaims({ groups: 'devs' }, withGraphs)?.graphs).toEqual([]);
    expect(mapClaims({ groups: 'devs', team: 7 }, withGraphs)?.team).toBeNull();
  });
});
