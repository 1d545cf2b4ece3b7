// Registered operations in checks, on plain inputs: which operations a proposed API schema breaks (valid now, invalid
// then), documents that are not one operation, and how a broken operation decides a report and its approval.
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createCheckReport, type ReportBrokenOperation } from '../../registry/checks/check-report.js';
import { parseOperation } from '../../registry/checks/operation-documents.js';
import { formatHumanReport } from '../../registry/checks/report/human.js';
import { approvalCovers, blockingKeys } from '../../registry/services/checks/run-check.js';
import {
  brokenOperations,
  referencedNames,
  touchedNames,
  validateOperations,
} from '../../registry/workers/operation-tasks.js';

const current = buildSchema('type Query { me: User } type User { id: ID! name: String email: String }');
const proposed = buildSchema('type Query { me: User } type User { id: ID! email: String }');

const ops = [
  { id: 'a', body: 'query Name { me { name } }' },
  { id: 'b', body: 'query Email { me { email } }' },
  { id: 'c', body: 'query AlreadyBroken { me { nickname } }' },
];

describe('registered operations', () => {
  it('finds the operations valid against the current API schema and invalid against the proposed one', () => {
    expect(brokenOperations(current, proposed, ops)).toEqual([
      {
        id: 'a',
        errors: [
          { message: 'Cannot query field "name" on type "User".', locations: [{ line: 1, column: 19 }] },
        ],
      },
    ]);
  });

  it('validates again only the operations that refer to a changed type or directive', () => {
    const schema = buildSchema(`
      directive @upper on FIELD
      type Query { me: User search(filter: Filter): [Result] }
      type User { id: ID! name: String }
      type Post { title: String }
      union Result = User | Post
      input Filter { text: String kind: Kind }
      enum Kind { USER POST }
    `);
    const document = parseOperation(
      'query S($f: Filter) { search(filter: $f) { ... on Post { title @upper } } other: search(filter: { kind: USER }) { __typename } }',
    );
    if (!document.ok) throw new Error('the test document parses');
    expect([...referencedNames(schema, document.document)].sort()).toEqual(
      ['@upper', 'Filter', 'Kind', 'Post', 'Query', 'Result', 'String'].sort(),
    );
    const change = (code: string, coordinate: string) => ({ code, coordinate });
    expect(
      touchedNames([
        change('FIELD_REMOVED', 'User.name'),
        change('ENUM_VALUE_REMOVED', 'Kind.USER'),
        change('DIRECTIVE_ARG_REMOVED', '@upper(x:)'),
        change('FIELD_ADDED', 'Post.body'),
      ]),
    ).toEqual(new Set(['User', 'Kind', '@upper']));
    expect(touchedNames([change('FIELD_REMOVED', 'User.name'), change('ROOT_TYPE_CHANGED', 'schema')])).toBe(
      'all',
    );
    // Narrowing an output type can make two fields of one response name conflict: it counts.
    expect(touchedNames([change('FIELD_TYPE_NARROWED', 'User.name')])).toEqual(new Set(['User']));
    // `Name` refers to User; `Email` too, but the change to `User` breaks only `Name`; nothing refers to `Post`.
    expect(brokenOperations(current, proposed, ops, new Set(['User'])).map((b) => b.id)).toEqual(['a']);
    expect(brokenOperations(current, proposed, ops, new Set(['Post']))).toEqual([]);
  });

  it('breaks every valid operation when no subgraph is left', () => {
    expect(brokenOperations(current, null, ops).map((b) => b.id)).toEqual(['a', 'b']);
  });

  it('names and types a document, and refuses one without exactly one operation', () => {
    expect(validateOperations(current, [{ id: 'm', body: 'mutation { x }' }])).toEqual([
      {
        id: 'm',
        name: null,
        type: 'mutation',
        errors: [
          {
            message: 'Schema is not configured to execute mutation operation.',
            locations: [{ line: 1, column: 1 }],
          },
        ],
      },
    ]);
    const two = parseOperation('query A { me { id } } query B { me { id } }');
    expect(two).toEqual({
      ok: false,
      errors: [
        {
          message:
            'A persisted document holds exactly one operation (and the fragments it uses); this one has 2',
          locations: [{ line: 1, column: 23 }],
        },
      ],
    });
  });

  const broken: ReportBrokenOperation = {
    client: 'web',
    clientVersion: '1.0.0',
    operationId: 'a',
    operationName: 'Name',
    severity: 'breaking',
    errors: [{ message: 'Cannot query field "name" on type "User".', locations: [] }],
  };
  const dangerous = {
    code: 'ENUM_VALUE_ADDED' as const,
    severity: 'dangerous' as const,
    coordinate: 'Color.RED',
    message: 'Enum value RED was added',
  };

  it('fails a report that breaks a registered operation even when its changes are only dangerous', () => {
    const report = createCheckReport({
      changes: [dangerous],
      failOn: 'breaking',
      brokenOperations: [broken],
    });
    expect(report.passed).toBe(false);
    expect(createCheckReport({ changes: [dangerous], failOn: 'breaking', brokenOperations: [] }).passed).toBe(
      true,
    );
    expect(formatHumanReport(report)).toContain(
      'Schema check failed: registered operations broken; 1 dangerous change, 1 registered operation broken (fails on breaking).',
    );
  });

  it('makes a broken operation a blocking key, so an approval covers only the operations it saw broken', () => {
    const approved = createCheckReport({ changes: [], brokenOperations: [broken] });
    expect(blockingKeys(approved)).toEqual(['operation:web:1.0.0:a']);
    const more = createCheckReport({
      changes: [],
      brokenOperations: [broken, { ...broken, clientVersion: '1.1.0' }],
    });
    expect(approvalCovers(approved, more)).toBe(false);
    expect(approvalCovers(more, approved)).toBe(true);
  });
});
