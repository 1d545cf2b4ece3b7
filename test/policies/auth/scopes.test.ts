import { describe, expect, it } from 'vitest';
import { parseScopes } from '../../../policies/auth/scopes.js';

const scopes = (...args: Parameters<typeof parseScopes>) => [...parseScopes(...args)];

describe('parseScopes', () => {
  it('splits a space-separated scope string', () => {
    expect(scopes({ scope: 'read:users  read:reviews' })).toEqual(['read:users', 'read:reviews']);
  });

  it('falls back to an scp array, and prefers scope when both exist', () => {
    expect(scopes({ scp: ['read:users', 'write:users'] })).toEqual(['read:users', 'write:users']);
    expect(scopes({ scope: 'a', scp: ['b'] })).toEqual(['a']);
  });

  it('reads only the configured claim, as a string or an array', () => {
    expect(scopes({ scope: 'a', permissions: ['p1', 'p2 p3'] }, 'permissions')).toEqual(['p1', 'p2', 'p3']);
    expect(scopes({ scope: 'a' }, 'permissions')).toEqual([]);
  });

  it('ignores values of the wrong type', () => {
    expect(scopes({ scope: 42 })).toEqual([]);
    expect(scopes({ scp: ['a', 1, null] })).toEqual(['a']);
  });
});
