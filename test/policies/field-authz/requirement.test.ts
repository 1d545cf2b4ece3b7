import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  allOf,
  isSatisfiedBy,
  NO_REQUIREMENT,
  RequirementIndex,
  type CallerFacts,
} from '../../../policies/field-authz/index.js';
import { metadata, parentType, UNIT_SCHEMA } from './fixtures/unit-schema.js';

function caller(scopes: string[] = [], policies: string[] = []): CallerFacts {
  return { authenticated: true, scopes: new Set(scopes), policies: new Set(policies) };
}
const anonymous: CallerFacts = { authenticated: false, scopes: new Set(), policies: new Set() };

describe('isSatisfiedBy', () => {
  const finance = { authenticated: true, scopes: [[['read:finance'], ['admin']]], policies: [] };
  const both = { authenticated: true, scopes: [[['read:a', 'read:b']]], policies: [] };

  it('treats outer lists as OR and inner lists as AND', () => {
    expect(isSatisfiedBy(finance, caller(['admin']))).toBe(true);
    expect(isSatisfiedBy(finance, caller(['read:finance']))).toBe(true);
    expect(isSatisfiedBy(finance, caller(['read:other']))).toBe(false);
    expect(isSatisfiedBy(both, caller(['read:a']))).toBe(false);
    expect(isSatisfiedBy(both, caller(['read:a', 'read:b']))).toBe(true);
  });

  it('requires every clause of a conjunction and denies anonymous callers anything restricted', () => {
    const merged = allOf([finance, both, NO_REQUIREMENT]);
    expect(isSatisfiedBy(merged, caller(['admin']))).toBe(false);
    expect(isSatisfiedBy(merged, caller(['admin', 'read:a', 'read:b']))).toBe(true);
    expect(isSatisfiedBy({ authenticated: false, scopes: [[[]]], policies: [] }, anonymous)).toBe(false);
    expect(isSatisfiedBy(NO_REQUIREMENT, anonymous)).toBe(true);
  });

  it('never satisfies an empty list of alternatives', () => {
    expect(isSatisfiedBy({ authenticated: true, scopes: [[]], policies: [] }, caller(['admin']))).toBe(false);
  });
});

describe('RequirementIndex', () => {
  it('combines field, return type, parent type and config rule requirements with AND', () => {
    const index = new RequirementIndex({
      schema: UNIT_SCHEMA,
      metadata: metadata(),
      rules: { 'User.email': { requiresScopes: [['read:email']] }, 'Query.secret': { policies: [['ops']] } },
      definedPolicies: new Set(['ops', 'editors']),
    });
    const user = parentType('User');
    const query = parentType('Query');
    expect(index.field(user, 'email')).toEqual({
      authenticated: true,
      scopes: [[['read:email']]],
      policies: [],
    });
    expect(index.field(query, 'secret')).toEqual({ authenticated: true, scopes: [], policies: [[['ops']]] });
    expect(index.field(user, 'name')).toBe(NO_REQUIREMENT);
    expect(index.scopeNames).toEqual(new Set(['read:ssn', 'admin', 'read:email']));
  });

  it('gives an interface field the requirements of that field on every implementation', () => {
    const index = new RequirementIndex({
      schema: UNIT_SCHEMA,
      metadata: metadata({ authenticated: new Set(), policies: new Map([['Doc.id', [['editors']]]]) }),
      rules: {},
      definedPolicies: new Set(['editors']),
    });
    expect(index.field(parentType('Node'), 'id').policies).toEqual([[['editors']]]);
    expect(index.field(parentType('User'), 'id')).toBe(NO_REQUIREMENT);
  });

  it('gives an object field the requirement declared on the interface field it implements', () => {
    const index = new RequirementIndex({
      schema: UNIT_SCHEMA,
      metadata: metadata({ authenticated: new Set(['Node.id']) }),
      rules: {},
      definedPolicies: new Set(['editors']),
    });
    expect(index.field(parentType('Doc'), 'id').authenticated).toBe(true);
  });

  it('warns about undefined policies, rules for missing coordinates and unsatisfiable clauses', () => {
    const index = new RequirementIndex({
      schema: buildSchema('type Query { a: Int b: Int }'),
      metadata: { authenticated: new Set(), requiresScopes: new Map([['Query.b', []]]), policies: new Map() },
      rules: { 'Query.a': { policies: [['ghost']] }, 'Query.gone': { authenticated: true } },
      definedPolicies: new Set(),
    });
    expect(index.warnings.map((warning) => [warning.code, warning.coordinate])).toEqual([
      ['UNSATISFIABLE_REQUIREMENT', 'Query.b'],
      ['UNKNOWN_POLICY', 'Query.a'],
      ['UNKNOWN_COORDINATE', 'Query.gone'],
    ]);
  });
});
