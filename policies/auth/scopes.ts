/**
 * Reads the granted scopes from token claims or an introspection response. Pure: no Node or Apollo.
 *
 * RFC 8693 / RFC 9068 use `scope`, a space-separated string; some providers (Azure AD, Okta) use `scp`, often
 * an array. Without a configured claim name, `scope` wins and `scp` is the fallback; with one, only that claim
 * is read, as a string or an array of strings.
 */

export const DEFAULT_SCOPE_CLAIMS: readonly string[] = ['scope', 'scp'];

export function parseScopes(
  claims: Readonly<Record<string, unknown>>,
  scopeClaim?: string,
): ReadonlySet<string> {
  const names = scopeClaim === undefined ? DEFAULT_SCOPE_CLAIMS : [scopeClaim];
  for (const name of names) {
    const value = claims[name];
    if (value !== undefined) return new Set(scopeValues(value));
  }
  return new Set();
}

function scopeValues(value: unknown): string[] {
  if (typeof value === 'string') return splitScopeString(value);
  if (Array.isArray(value)) {
    return value.filter((item): item is string => typeof item === 'string').flatMap(splitScopeString);
  }
  return [];
}

function splitScopeString(value: string): string[] {
  return value.split(' ').filter((scope) => scope.length > 0);
}
