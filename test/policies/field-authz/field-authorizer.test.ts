import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  FieldAuthorizer,
  fieldAuthzOptions,
  type FieldAuthzOptionsInput,
} from '../../../policies/field-authz/index.js';
import { metadata, UNIT_SCHEMA } from './fixtures/unit-schema.js';

function authorizer(options: FieldAuthzOptionsInput = {}): FieldAuthorizer {
  return new FieldAuthorizer({
    options: fieldAuthzOptions.parse(options),
    schema: UNIT_SCHEMA,
    metadata: metadata(),
  });
}

const caller = (scopes: string[], claims: Record<string, unknown> = {}) => ({
  subject: 's',
  scopes: new Set(scopes),
  claims,
});

describe('FieldAuthorizer', () => {
  it('decides once per (document, relevant scopes and policies) and reuses the outcome', () => {
    const authz = authorizer({ policies: { editors: { claim: 'team', equals: 'docs' } } });
    const document = parse('{ me { ssn } }');
    const first = authz.authorize(document, undefined, caller(['profile']));
    expect(first.kind).toBe('filtered');
    // An irrelevant scope, or a different subject, does not change the facts key: same cached outcome.
    expect(authz.authorize(document, undefined, caller(['email', 'profile']))).toBe(first);
    expect(authz.authorize(document, undefined, caller(['admin']))).toEqual({ kind: 'allowed' });
    expect(authz.factsOf(caller(['openid', 'admin'], { team: 'docs' })).key).toBe('[["admin"],["editors"]]');
    expect(authz.factsOf(undefined).key).toBe('anonymous');
  });

  it('rejects with the sorted denied coordinates in reject mode', () => {
    const outcome = authorizer({ mode: 'reject' }).authorize(
      parse('{ me { ssn email } secret { code } }'),
      null,
      undefined,
    );
    expect(outcome).toMatchObject({
      kind: 'rejected',
      coordinates: ['Query.secret', 'User.email', 'User.ssn'],
    });
  });

  it('reports without filtering in dry-run mode', () => {
    const outcome = authorizer({ mode: 'dry-run' }).authorize(parse('{ me { email } }'), null, undefined);
    expect(outcome).toMatchObject({ kind: 'dry-run', denied: [{ coordinate: 'User.email' }] });
  });

  it('picks the named operation and refuses introspection when it is off', () => {
    const document = parse('query A { me { email } } query B { me { name } }');
    expect(authorizer().authorize(document, 'A', undefined).kind).toBe('filtered');
    expect(authorizer().authorize(document, 'B', undefined).kind).toBe('allowed');
    const introspection = parse('{ __schema { queryType { name } } }');
    expect(authorizer({ introspection: 'off' }).authorize(introspection, null, undefined).kind).toBe(
      'introspection-disabled',
    );
    expect(authorizer({ introspection: 'off' }).introspectionSchema(undefined)).toBeUndefined();
    expect(authorizer({ introspection: 'full' }).introspectionSchema(undefined)).toBe(UNIT_SCHEMA);
  });

  it('caches the filtered introspection schema per caller facts', () => {
    const authz = authorizer();
    const anonymous = authz.introspectionSchema(undefined);
    expect(anonymous).toBe(authz.introspectionSchema(undefined));
    expect(anonymous?.getType('Secret')).toBeUndefined();
    expect(authz.introspectionSchema(caller(['admin']))?.getType('Secret')).toBeDefined();
  });

  it('fails closed when fragments expand past maxSelections', () => {
    const outcome = authorizer({ maxSelections: 2 }).authorize(
      parse('{ users { id name email } }'),
      null,
      undefined,
    );
    expect(outcome).toEqual({ kind: 'too-complex', maxSelections: 2 });
  });
});
