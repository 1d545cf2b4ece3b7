/**
 * The spec directives `field-authz` reads from the supergraph: `@authenticated`, `@requiresScopes(scopes:)`
 * and `@policy(policies:)`, and the metadata its pure core takes, built from them once per supergraph.
 */
import { stringSets } from '../contract/directive-arguments.js';
import { specDirective, type DirectiveMetadata } from '../contract/spec-directive.js';
import type { Alternatives } from './requirement.js';
import type { AuthorizationMetadata } from './requirements.js';

export const AUTHENTICATED = specDirective<true>({
  spec: 'https://specs.apollo.dev/authenticated',
  versions: ['v0.1'],
  name: 'authenticated',
  read: () => true,
});

export const REQUIRES_SCOPES = specDirective<Alternatives>({
  spec: 'https://specs.apollo.dev/requiresScopes',
  versions: ['v0.1'],
  name: 'requiresScopes',
  read: (args, coordinate) => freezeSets(stringSets('requiresScopes', coordinate, args, 'scopes')),
});

export const POLICY = specDirective<Alternatives>({
  spec: 'https://specs.apollo.dev/policy',
  versions: ['v0.1'],
  name: 'policy',
  read: (args, coordinate) => freezeSets(stringSets('policy', coordinate, args, 'policies')),
});

export const AUTHORIZATION_DIRECTIVES = [AUTHENTICATED, REQUIRES_SCOPES, POLICY] as const;

function freezeSets(sets: readonly (readonly string[])[]): Alternatives {
  return Object.freeze(sets.map((set) => Object.freeze([...set])));
}

export function authorizationMetadata(directives: DirectiveMetadata): AuthorizationMetadata {
  return {
    authenticated: new Set(directives.get(AUTHENTICATED).keys()),
    requiresScopes: directives.get(REQUIRES_SCOPES),
    policies: directives.get(POLICY),
  };
}

export const NO_AUTHORIZATION_METADATA: AuthorizationMetadata = Object.freeze({
  authenticated: new Set<string>(),
  requiresScopes: new Map<string, Alternatives>(),
  policies: new Map<string, Alternatives>(),
});
