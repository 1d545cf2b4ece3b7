import { describe, expect, it } from 'vitest';
import { fieldAuthzOptions, matchesClaims } from '../../../policies/field-authz/index.js';

const claims = {
  department: 'sales',
  roles: ['admin', 'editor'],
  level: 3,
  'https://example.com/tenant': 'acme',
  realm_access: { roles: ['hr'] },
};

describe('matchesClaims', () => {
  it('tests equality, membership of an array and one-of', () => {
    expect(matchesClaims({ claim: 'department', equals: 'sales' }, claims)).toBe(true);
    expect(matchesClaims({ claim: 'department', equals: 'hr' }, claims)).toBe(false);
    expect(matchesClaims({ claim: 'level', equals: '3' }, claims)).toBe(false);
    expect(matchesClaims({ claim: 'roles', contains: 'admin' }, claims)).toBe(true);
    expect(matchesClaims({ claim: 'department', contains: 'sales' }, claims)).toBe(false);
    expect(matchesClaims({ claim: 'level', oneOf: [1, 3] }, claims)).toBe(true);
  });

  it('reads claim names with dots as names and arrays as paths', () => {
    expect(matchesClaims({ claim: 'https://example.com/tenant', equals: 'acme' }, claims)).toBe(true);
    expect(matchesClaims({ claim: ['realm_access', 'roles'], contains: 'hr' }, claims)).toBe(true);
    expect(matchesClaims({ claim: ['realm_access', 'missing'], contains: 'hr' }, claims)).toBe(false);
    expect(matchesClaims({ claim: ['toString'], equals: 'x' }, claims)).toBe(false);
  });

  it('combines predicates with allOf and anyOf', () => {
    const salesAdmin = {
      allOf: [
        { claim: 'department', equals: 'sales' },
        {
          anyOf: [
            { claim: 'roles', contains: 'admin' },
            { claim: 'level', equals: 9 },
          ],
        },
      ],
    };
    expect(matchesClaims(salesAdmin, claims)).toBe(true);
    expect(matchesClaims(salesAdmin, { ...claims, roles: [] })).toBe(false);
  });
});

describe('fieldAuthzOptions', () => {
  it('defaults to filter mode with filtered introspection', () => {
    expect(fieldAuthzOptions.parse({})).toEqual({
      mode: 'filter',
      policies: {},
      rules: {},
      introspection: 'filtered',
      decisionCacheSize: 10_000,
      maxSelections: 20_000,
    });
  });

  it('rejects malformed predicates, coordinates and unknown keys', () => {
    expect(fieldAuthzOptions.safeParse({ policies: { p: { claim: 'a', startsWith: 'x' } } }).success).toBe(
      false,
    );
    expect(
      fieldAuthzOptions.safeParse({ rules: { 'User.email(arg:)': { authenticated: true } } }).success,
    ).toBe(false);
    expect(
      fieldAuthzOptions.safeParse({ rules: { User: { authenticated: true, scopes: [] } } }).success,
    ).toBe(false);
    expect(fieldAuthzOptions.safeParse({ modes: 'filter' }).success).toBe(false);
  });
});
