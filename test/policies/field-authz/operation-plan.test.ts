import { Kind, parse, print, validate, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  evaluatePlan,
  filterDocument,
  planOperation,
  RequirementIndex,
  type CallerFacts,
  type OperationPlan,
} from '../../../policies/field-authz/index.js';
import { metadata, UNIT_SCHEMA } from './fixtures/unit-schema.js';

const index = new RequirementIndex({
  schema: UNIT_SCHEMA,
  metadata: metadata(),
  rules: { 'User.friends': { authenticated: true } },
  definedPolicies: new Set(['editors']),
});
const anonymous: CallerFacts = { authenticated: false, scopes: new Set(), policies: new Set() };
const signedIn: CallerFacts = { authenticated: true, scopes: new Set(), policies: new Set() };

function operationOf(document: DocumentNode): OperationDefinitionNode {
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (operation === undefined) throw new Error('no operation');
  return operation;
}

function plan(query: string | DocumentNode, maxSelections = 1000): OperationPlan {
  const document = typeof query === 'string' ? parse(query) : query;
  const operation = operationOf(document);
  const fragments = new Map(
    document.definitions.flatMap((definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [],
    ),
  );
  return planOperation(UNIT_SCHEMA, index, operation, fragments, maxSelections);
}

function filtered(query: string, caller: CallerFacts): { printed: string; paths: string[] } {
  const document = parse(query);
  const decision = evaluatePlan(plan(document), caller);
  const result = filterDocument(document, operationOf(document), decision.deniedNodes, decision.denied);
  expect(validate(UNIT_SCHEMA, result.document)).toEqual([]);
  return {
    printed: print(result.document).replace(/\s+/g, ' ').trim(),
    paths: result.denied.map((field) => field.path.map((segment) => segment.key).join('.')),
  };
}

describe('planOperation', () => {
  it('records alias-aware paths through named and inline fragments, with non-null flags', () => {
    const { checks } = plan(`
      { people: users { ...U } me { ... on User { mail: email } } }
      fragment U on User { email ssn }`);
    expect(
      checks.map((check) => [check.path.map((segment) => segment.key).join('.'), check.coordinate]),
    ).toEqual([
      ['people.email', 'User.email'],
      ['people.ssn', 'User.ssn'],
      ['me.mail', 'User.email'],
    ]);
    expect(checks[1]?.path.map((segment) => segment.nonNull)).toEqual([[true, true], [true]]);
  });

  it('marks selections under a narrowing type condition with the object types they apply to', () => {
    const { checks } = plan('{ search { ... on User { email } ... on Node { ... on Doc { title } } } }');
    expect(checks.map((check) => check.path.at(-1))).toEqual([
      { key: 'email', onTypes: ['User'], nonNull: [false] },
      { key: 'title', onTypes: ['Doc'], nonNull: [false] },
    ]);
  });

  it('links each check to its nearest restricted ancestor', () => {
    const { checks } = plan('{ me { friends { email name } } }');
    expect(checks.map((check) => [check.coordinate, check.parent])).toEqual([
      ['User.friends', -1],
      ['User.email', 0],
    ]);
  });

  it('fails closed past maxSelections and flags root introspection', () => {
    expect(plan('{ users { id name email } }', 3).tooComplex).toBe(true);
    expect(plan('{ __schema { queryType { name } } }').selectsIntrospection).toBe(true);
    expect(plan('{ __typename me { __typename } }').selectsIntrospection).toBe(false);
  });
});

describe('evaluatePlan and filterDocument', () => {
  it('reports only the outermost denied selection on each path', () => {
    const decision = evaluatePlan(plan('{ me { friends { email } } }'), anonymous);
    expect(decision.denied.map((check) => check.coordinate)).toEqual(['User.friends']);
    expect(decision.deniedNodes.size).toBe(2);
  });

  it('keeps the document valid: placeholders for emptied selection sets, no unused fragments or variables', () => {
    const query = `
      query Q($first: Int, $id: ID!) { node(id: $id) { id } me { friends(first: $first) { ...F } } }
      fragment F on User { name }`;
    expect(filtered(query, anonymous)).toEqual({
      printed: 'query Q($id: ID!) { node(id: $id) { id } me { authzTypename: __typename } }',
      paths: ['me.friends'],
    });
    expect(filtered(query, signedIn).paths).toEqual([]);
  });

  it('adds a typename marker where a denial depends on the object type, avoiding aliases in use', () => {
    const result = filtered('{ search { ... on User { authzTypename: name email } } }', anonymous);
    expect(result.printed).toBe(
      '{ search { ... on User { authzTypename: name } authzTypename1: __typename } }',
    );
    expect(result.paths).toEqual(['search.email']);
  });

  it('removes a denied field inside a fragment at every place the fragment is spread', () => {
    const result = filtered('{ me { ...P } users { ...P } } fragment P on User { name ssn }', signedIn);
    expect(result.printed).toBe('{ me { ...P } users { ...P } } fragment P on User { name }');
    expect(result.paths).toEqual(['me.ssn', 'users.ssn']);
  });
});
