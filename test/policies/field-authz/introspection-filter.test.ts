import { assertValidSchema, buildSchema, graphqlSync, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  filterSchemaForIntrospection,
  hiddenElements,
  RequirementIndex,
  type CallerFacts,
} from '../../../policies/field-authz/index.js';

const SCHEMA = buildSchema(`
  type Query { me: User audit: [Audit!] levels(min: Level): [String] search: [Result] }
  type User { id: ID! email: String }
  type Audit { level: Level note: String }
  type Doc { title: String }
  union Result = User | Doc
  enum Level { LOW HIGH }
  input AuditFilter { level: Level }
`);

const index = new RequirementIndex({
  schema: SCHEMA,
  metadata: {
    authenticated: new Set(['User.email', 'Doc']),
    requiresScopes: new Map([['Level', [['read:levels']]]]),
    policies: new Map(),
  },
  rules: {},
  definedPolicies: new Set(),
});

function typeNames(schema: GraphQLSchema): string[] {
  const result = graphqlSync({ schema, source: '{ __schema { types { name } } }' });
  const types = (result.data?.['__schema'] as { types: { name: string }[] }).types;
  return types.map((type) => type.name).filter((name) => !name.startsWith('__'));
}

describe('introspection filtering', () => {
  it('hides what an anonymous caller could never read, cascading through types left empty', () => {
    const anonymous: CallerFacts = { authenticated: false, scopes: new Set(), policies: new Set() };
    const hidden = hiddenElements(SCHEMA, index, anonymous);
    expect([...hidden.types].sort()).toEqual(['AuditFilter', 'Doc', 'Level']);
    expect([...hidden.fields].sort()).toEqual(['Audit.level', 'Query.levels', 'User.email']);

    const filtered = filterSchemaForIntrospection(SCHEMA, hidden);
    assertValidSchema(filtered);
    expect(typeNames(filtered).sort()).toEqual([
      'Audit',
      'Boolean',
      'ID',
      'Query',
      'Result',
      'String',
      'User',
    ]);
    expect(Object.keys(filtered.getQueryType()?.getFields() ?? {})).toEqual(['me', 'audit', 'search']);
  });

  it('returns the schema itself when nothing is hidden', () => {
    const everything: CallerFacts = {
      authenticated: true,
      scopes: new Set(['read:levels']),
      policies: new Set(),
    };
    const hidden = hiddenElements(SCHEMA, index, everything);
    expect(filterSchemaForIntrospection(SCHEMA, hidden)).toBe(SCHEMA);
  });
});
