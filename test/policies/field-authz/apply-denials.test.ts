import { describe, expect, it } from 'vitest';
import { applyDenials, type DeniedField, type PathSegment } from '../../../policies/field-authz/index.js';

const ALIAS = 'authzTypename';

function segment(key: string, nonNull: boolean[] = [false], onTypes?: string[]): PathSegment {
  return { key, nonNull, ...(onTypes && { onTypes }) };
}

function denied(coordinate: string, ...path: PathSegment[]): DeniedField {
  return { coordinate, path };
}

describe('applyDenials', () => {
  it('inserts null in every list item and returns one error per response path', () => {
    const data = { users: [{ name: 'a' }, { name: 'b' }] };
    const shaped = applyDenials(data, {
      denied: [denied('User.email', segment('users', [true, true]), segment('email'))],
      typenameAlias: ALIAS,
    });
    expect(shaped.data).toEqual({
      users: [
        { name: 'a', email: null },
        { name: 'b', email: null },
      ],
    });
    expect(shaped.errors).toEqual([
      {
        message: 'Unauthorized field or type: User.email',
        path: ['users', 0, 'email'],
        extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE', coordinate: 'User.email' },
      },
      {
        message: 'Unauthorized field or type: User.email',
        path: ['users', 1, 'email'],
        extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE', coordinate: 'User.email' },
      },
    ]);
    expect(data).toEqual({ users: [{ name: 'a' }, { name: 'b' }] });
  });

  it('propagates null through non-null fields and list items up to the nearest nullable position', () => {
    const path = [segment('teams', [false, true]), segment('lead', [true]), segment('salary', [true])];
    const shaped = applyDenials(
      { teams: [{ lead: { name: 'x' } }], other: 1 },
      {
        denied: [denied('Person.salary', ...path)],
        typenameAlias: ALIAS,
      },
    );
    // salary! → lead! → the non-null team item → the nullable teams list.
    expect(shaped.data).toEqual({ teams: null, other: 1 });

    const toRoot = applyDenials(
      { me: { id: '1' } },
      {
        denied: [denied('User.ssn', segment('me', [true]), segment('ssn', [true]))],
        typenameAlias: ALIAS,
      },
    );
    expect(toRoot.data).toBeNull();
  });

  it('applies a narrowed denial only to objects of the listed types and removes the markers', () => {
    const data = {
      search: [
        { title: 't', [ALIAS]: 'Doc' },
        { name: 'n', [ALIAS]: 'User' },
      ],
    };
    const shaped = applyDenials(data, {
      denied: [denied('User.email', segment('search', [false, false]), segment('email', [false], ['User']))],
      typenameAlias: ALIAS,
    });
    expect(shaped.data).toEqual({ search: [{ title: 't' }, { name: 'n', email: null }] });
  });

  it('removes the placeholder of an emptied selection set and keeps values another selection served', () => {
    const shaped = applyDenials(
      { me: { [ALIAS]: 'User', mail: 'kept@example.com' } },
      {
        denied: [
          denied('User.email', segment('me'), segment('email')),
          denied('User.email', segment('me'), segment('mail')),
        ],
        typenameAlias: ALIAS,
      },
    );
    expect(shaped.data).toEqual({ me: { email: null, mail: 'kept@example.com' } });
    expect(shaped.errors).toHaveLength(2);
  });

  it('leaves missing and null parents alone', () => {
    const shaped = applyDenials(
      { me: null },
      {
        denied: [denied('User.email', segment('me'), segment('email'))],
        typenameAlias: ALIAS,
      },
    );
    expect(shaped.data).toEqual({ me: null });
    // `me` is null: `email` was never reached, so it has no error (as in GraphQL execution).
    expect(shaped.errors).toEqual([]);
    expect(applyDenials(null, { denied: [], typenameAlias: ALIAS }).data).toBeNull();
  });

  it('reports every place of nested lists, narrowed types, and two denials that null one object', () => {
    const data = {
      teams: [
        {
          members: [
            { [ALIAS]: 'Person', id: 1 },
            { [ALIAS]: 'Bot', id: 2 },
          ],
        },
        { members: [] },
        { members: null },
        { members: [{ [ALIAS]: 'Person', id: 3 }] },
      ],
    };
    const shaped = applyDenials(data, {
      denied: [
        denied(
          'Person.salary',
          segment('teams', [false, false]),
          segment('members', [false, true]),
          segment('salary', [true], ['Person']),
        ),
        denied(
          'Person.ssn',
          segment('teams', [false, false]),
          segment('members', [false, true]),
          segment('ssn', [true], ['Person']),
        ),
      ],
      typenameAlias: ALIAS,
    });
    expect(shaped.errors.map((error) => error.path)).toEqual([
      ['teams', 0, 'members', 0, 'salary'],
      ['teams', 3, 'members', 0, 'salary'],
      ['teams', 0, 'members', 0, 'ssn'],
      ['teams', 3, 'members', 0, 'ssn'],
    ]);
    // Non-null salary on a non-null item: each team's members list with a Person becomes null.
    expect(shaped.data).toEqual({
      teams: [{ members: null }, { members: [] }, { members: null }, { members: null }],
    });
  });

  it('keeps key paths when the response has no data to walk', () => {
    const shaped = applyDenials(undefined, {
      denied: [denied('User.email', segment('users', [false, false]), segment('email'))],
      typenameAlias: ALIAS,
    });
    expect(shaped.errors.map((error) => error.path)).toEqual([['users', 'email']]);
  });
});
