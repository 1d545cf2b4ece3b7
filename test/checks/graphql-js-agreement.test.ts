// Our verdicts agree with graphql-js on plain schemas: for every kind of breaking or dangerous change graphql-js
// knows, a minimal schema pair where we report the same severity, with our code and coordinate, and no more.
import {
  BreakingChangeType,
  buildSchema,
  DangerousChangeType,
  findBreakingChanges,
  findDangerousChanges,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import type { ChangeCode } from '../../registry/checks/change-codes.js';
import { diffSchemas } from '../../registry/checks/classify-changes.js';

interface AgreementCase {
  readonly old: string;
  readonly new: string;
  readonly code: ChangeCode;
  readonly coordinate: string;
}

const Q = 'type Query { a: Int }';
const INPUT = (fields: string): string => `input I { ${fields} } type Query { f(i: I): Int }`;

/** Typed over both enums, so a graphql-js kind without a case fails the type check as well as the test. */
const CASES: Record<BreakingChangeType | DangerousChangeType, readonly AgreementCase[]> = {
  [BreakingChangeType.TYPE_REMOVED]: [
    { old: `${Q} type T { a: Int }`, new: Q, code: 'TYPE_REMOVED', coordinate: 'T' },
    // graphql-js also reports a standard scalar that is no longer referenced; inspector does not.
    {
      old: 'type Query { a: Int b: Float }',
      new: Q,
      code: 'TYPE_REMOVED',
      coordinate: 'Float',
    },
  ],
  [BreakingChangeType.TYPE_CHANGED_KIND]: [
    {
      old: 'type Query { t: T } type T { a: Int }',
      new: 'type Query { t: T } interface T { a: Int }',
      code: 'TYPE_KIND_CHANGED',
      coordinate: 'T',
    },
  ],
  [BreakingChangeType.TYPE_REMOVED_FROM_UNION]: [
    {
      old: 'union U = A | B type A { a: Int } type B { b: Int } type Query { u: U b: B }',
      new: 'union U = A type A { a: Int } type B { b: Int } type Query { u: U b: B }',
      code: 'UNION_MEMBER_REMOVED',
      coordinate: 'U',
    },
  ],
  [BreakingChangeType.VALUE_REMOVED_FROM_ENUM]: [
    {
      old: 'enum E { A B } type Query { e: E }',
      new: 'enum E { A } type Query { e: E }',
      code: 'ENUM_VALUE_REMOVED',
      coordinate: 'E.B',
    },
    {
      old: 'enum E { A B @deprecated } type Query { e: E }',
      new: 'enum E { A } type Query { e: E }',
      code: 'ENUM_VALUE_REMOVED',
      coordinate: 'E.B',
    },
  ],
  [BreakingChangeType.REQUIRED_INPUT_FIELD_ADDED]: [
    {
      old: INPUT('a: Int'),
      new: INPUT('a: Int b: Int!'),
      code: 'REQUIRED_INPUT_FIELD_ADDED',
      coordinate: 'I.b',
    },
  ],
  [BreakingChangeType.IMPLEMENTED_INTERFACE_REMOVED]: [
    {
      old: 'interface N { id: ID } type T implements N { id: ID } type Query { n: N t: T }',
      new: 'interface N { id: ID } type T { id: ID } type Query { n: N t: T }',
      code: 'INTERFACE_REMOVED_FROM_OBJECT',
      coordinate: 'T',
    },
    {
      old: 'interface N { id: ID } interface M implements N { id: ID } type Query { n: N m: M }',
      new: 'interface N { id: ID } interface M { id: ID } type Query { n: N m: M }',
      code: 'INTERFACE_REMOVED_FROM_OBJECT',
      coordinate: 'M',
    },
  ],
  [BreakingChangeType.FIELD_REMOVED]: [
    { old: 'type Query { a: Int b: Int }', new: Q, code: 'FIELD_REMOVED', coordinate: 'Query.b' },
    { old: 'type Query { a: Int b: Int @deprecated }', new: Q, code: 'FIELD_REMOVED', coordinate: 'Query.b' },
    {
      old: 'interface N { a: Int b: Int } type Query { n: N }',
      new: 'interface N { a: Int } type Query { n: N }',
      code: 'FIELD_REMOVED',
      coordinate: 'N.b',
    },
    { old: INPUT('a: Int b: Int'), new: INPUT('a: Int'), code: 'INPUT_FIELD_REMOVED', coordinate: 'I.b' },
  ],
  [BreakingChangeType.FIELD_CHANGED_KIND]: [
    { old: 'type Query { a: Int! }', new: Q, code: 'FIELD_TYPE_CHANGED', coordinate: 'Query.a' },
    { old: 'type Query { a: [Int] }', new: Q, code: 'FIELD_TYPE_CHANGED', coordinate: 'Query.a' },
    {
      old: 'type Query { a: Int b: String }',
      new: 'type Query { a: String b: String }',
      code: 'FIELD_TYPE_CHANGED',
      coordinate: 'Query.a',
    },
    { old: INPUT('a: Int'), new: INPUT('a: Int!'), code: 'INPUT_FIELD_TYPE_CHANGED', coordinate: 'I.a' },
  ],
  [BreakingChangeType.REQUIRED_ARG_ADDED]: [
    { old: Q, new: 'type Query { a(x: Int!): Int }', code: 'REQUIRED_ARG_ADDED', coordinate: 'Query.a(x:)' },
  ],
  [BreakingChangeType.ARG_REMOVED]: [
    { old: 'type Query { a(x: Int): Int }', new: Q, code: 'ARG_REMOVED', coordinate: 'Query.a(x:)' },
  ],
  [BreakingChangeType.ARG_CHANGED_KIND]: [
    {
      old: 'type Query { a(x: Int): Int }',
      new: 'type Query { a(x: Int!): Int }',
      code: 'ARG_TYPE_CHANGED',
      coordinate: 'Query.a(x:)',
    },
    {
      // The default value changed too: graphql-js reports only the type change, and so do we.
      old: 'type Query { a(x: Int = 1, y: String): Int }',
      new: 'type Query { a(x: String = "1", y: String): Int }',
      code: 'ARG_TYPE_CHANGED',
      coordinate: 'Query.a(x:)',
    },
  ],
  [BreakingChangeType.DIRECTIVE_REMOVED]: [
    { old: `directive @d on FIELD ${Q}`, new: Q, code: 'DIRECTIVE_REMOVED', coordinate: '@d' },
  ],
  [BreakingChangeType.DIRECTIVE_ARG_REMOVED]: [
    {
      old: `directive @d(x: Int) on FIELD ${Q}`,
      new: `directive @d on FIELD ${Q}`,
      code: 'DIRECTIVE_ARG_REMOVED',
      coordinate: '@d(x:)',
    },
  ],
  [BreakingChangeType.REQUIRED_DIRECTIVE_ARG_ADDED]: [
    {
      old: `directive @d on FIELD ${Q}`,
      new: `directive @d(x: Int!) on FIELD ${Q}`,
      code: 'REQUIRED_DIRECTIVE_ARG_ADDED',
      coordinate: '@d(x:)',
    },
  ],
  [BreakingChangeType.DIRECTIVE_REPEATABLE_REMOVED]: [
    {
      old: `directive @d repeatable on FIELD ${Q}`,
      new: `directive @d on FIELD ${Q}`,
      code: 'DIRECTIVE_REPEATABLE_REMOVED',
      coordinate: '@d',
    },
  ],
  [BreakingChangeType.DIRECTIVE_LOCATION_REMOVED]: [
    {
      old: `directive @d on FIELD | QUERY ${Q}`,
      new: `directive @d on FIELD ${Q}`,
      code: 'DIRECTIVE_LOCATION_REMOVED',
      coordinate: '@d',
    },
  ],
  [DangerousChangeType.VALUE_ADDED_TO_ENUM]: [
    {
      old: 'enum E { A } type Query { e: E }',
      new: 'enum E { A B } type Query { e: E }',
      code: 'ENUM_VALUE_ADDED',
      coordinate: 'E.B',
    },
  ],
  [DangerousChangeType.TYPE_ADDED_TO_UNION]: [
    {
      old: 'union U = A type A { a: Int } type B { b: Int } type Query { u: U b: B }',
      new: 'union U = A | B type A { a: Int } type B { b: Int } type Query { u: U b: B }',
      code: 'UNION_MEMBER_ADDED',
      coordinate: 'U',
    },
  ],
  [DangerousChangeType.OPTIONAL_INPUT_FIELD_ADDED]: [
    {
      old: INPUT('a: Int'),
      new: INPUT('a: Int b: Int'),
      code: 'OPTIONAL_INPUT_FIELD_ADDED',
      coordinate: 'I.b',
    },
    {
      old: INPUT('a: Int'),
      new: INPUT('a: Int b: Int! = 1'),
      code: 'OPTIONAL_INPUT_FIELD_ADDED',
      coordinate: 'I.b',
    },
  ],
  [DangerousChangeType.OPTIONAL_ARG_ADDED]: [
    { old: Q, new: 'type Query { a(x: Int): Int }', code: 'OPTIONAL_ARG_ADDED', coordinate: 'Query.a(x:)' },
    {
      old: Q,
      new: 'type Query { a(x: Int! = 1): Int }',
      code: 'OPTIONAL_ARG_ADDED',
      coordinate: 'Query.a(x:)',
    },
  ],
  [DangerousChangeType.IMPLEMENTED_INTERFACE_ADDED]: [
    {
      old: 'interface N { id: ID } type T { id: ID } type Query { n: N t: T }',
      new: 'interface N { id: ID } type T implements N { id: ID } type Query { n: N t: T }',
      code: 'INTERFACE_ADDED_TO_OBJECT',
      coordinate: 'T',
    },
  ],
  [DangerousChangeType.ARG_DEFAULT_VALUE_CHANGE]: [
    {
      old: 'type Query { a(x: Int = 1): Int }',
      new: 'type Query { a(x: Int = 2): Int }',
      code: 'DEFAULT_VALUE_CHANGED',
      coordinate: 'Query.a(x:)',
    },
    {
      old: 'type Query { a(x: Int = 1): Int }',
      new: 'type Query { a(x: Int): Int }',
      code: 'DEFAULT_VALUE_CHANGED',
      coordinate: 'Query.a(x:)',
    },
    {
      // A safe type change with a new default: graphql-js reports the default.
      old: 'type Query { a(x: Int! = 1): Int }',
      new: 'type Query { a(x: Int = 2): Int }',
      code: 'DEFAULT_VALUE_CHANGED',
      coordinate: 'Query.a(x:)',
    },
  ],
};

/** Changes graphql-js inspects and deliberately does not flag: we must not flag them either. */
interface UnflaggedCase {
  readonly why: string;
  readonly old: string;
  readonly new: string;
  /** The safe change we report instead, if any. */
  readonly code?: ChangeCode;
  readonly coordinate?: string;
}

const UNFLAGGED: readonly UnflaggedCase[] = [
  {
    why: 'default added',
    old: 'type Query { a(x: Int): Int }',
    new: 'type Query { a(x: Int = 1): Int }',
    code: 'DEFAULT_VALUE_ADDED',
    coordinate: 'Query.a(x:)',
  },
  {
    why: 'equivalent defaults',
    old: 'type Query { a(x: [Int] = 1): Int }',
    new: 'type Query { a(x: [Int] = [1]): Int }',
  },
  {
    why: 'field made non-null',
    old: Q,
    new: 'type Query { a: Int! }',
    code: 'FIELD_TYPE_NARROWED',
    coordinate: 'Query.a',
  },
  {
    why: 'list items made non-null',
    old: 'type Query { a: [Int] }',
    new: 'type Query { a: [Int!]! }',
    code: 'FIELD_TYPE_NARROWED',
    coordinate: 'Query.a',
  },
  {
    why: 'argument made nullable',
    old: 'type Query { a(x: Int!): Int }',
    new: 'type Query { a(x: Int): Int }',
    code: 'ARG_TYPE_WIDENED',
    coordinate: 'Query.a(x:)',
  },
  {
    why: 'input field made nullable',
    old: INPUT('a: Int!'),
    new: INPUT('a: Int'),
    code: 'INPUT_FIELD_TYPE_WIDENED',
    coordinate: 'I.a',
  },
  {
    why: 'field added',
    old: Q,
    new: 'type Query { a: Int b: Int }',
    code: 'FIELD_ADDED',
    coordinate: 'Query.b',
  },
  {
    why: 'type added with required input field',
    old: Q,
    new: `${Q} input J { a: Int! } type T { a(j: J): Int }`,
    code: 'TYPE_ADDED',
    coordinate: 'J',
  },
  {
    why: 'required arg on a new field',
    old: Q,
    new: 'type Query { a: Int b(x: Int!): Int }',
    code: 'FIELD_ADDED',
    coordinate: 'Query.b',
  },
  {
    why: 'deprecation',
    old: Q,
    new: 'type Query { a: Int @deprecated }',
    code: 'DEPRECATION_ADDED',
    coordinate: 'Query.a',
  },
  {
    why: 'description',
    old: 'type Query { "x" a: Int }',
    new: 'type Query { "y" a: Int }',
    code: 'DESCRIPTION_CHANGED',
    coordinate: 'Query.a',
  },
  {
    why: 'directive added',
    old: Q,
    new: `directive @d on FIELD ${Q}`,
    code: 'DIRECTIVE_ADDED',
    coordinate: '@d',
  },
  {
    why: 'optional directive arg',
    old: `directive @d on FIELD ${Q}`,
    new: `directive @d(x: Int) on FIELD ${Q}`,
    code: 'DIRECTIVE_ARG_ADDED',
    coordinate: '@d(x:)',
  },
  {
    why: 'directive location added',
    old: `directive @d on FIELD ${Q}`,
    new: `directive @d on FIELD | QUERY ${Q}`,
    code: 'DIRECTIVE_LOCATION_ADDED',
    coordinate: '@d',
  },
  {
    why: 'applied directive',
    old: `directive @d on FIELD_DEFINITION ${Q}`,
    new: 'directive @d on FIELD_DEFINITION type Query { a: Int @d }',
    code: 'DIRECTIVE_USAGE_ADDED',
    coordinate: 'Query.a',
  },
  {
    why: 'mutation root added',
    old: Q,
    new: `${Q} type Mutation { m: Int }`,
    code: 'ROOT_TYPE_ADDED',
    coordinate: 'schema',
  },
];

/**
 * The one dangerous change we add to graphql-js's (docs/checks.md): a new implementation of an existing interface,
 * reported at the interface as graphql-js reports a new union member at the union.
 */
const BEYOND_GRAPHQL_JS: ReadonlySet<ChangeCode> = new Set<ChangeCode>(['IMPLEMENTATION_ADDED']);

async function compare(oldSdl: string, newSdl: string) {
  const oldSchema = buildSchema(oldSdl);
  const newSchema = buildSchema(newSdl);
  const ours = await diffSchemas(oldSchema, newSchema);
  return {
    ours,
    graphqlBreaking: findBreakingChanges(oldSchema, newSchema),
    graphqlDangerous: findDangerousChanges(oldSchema, newSchema),
    oursBreaking: ours.filter((change) => change.severity === 'breaking'),
    oursDangerous: ours.filter(
      (change) => change.severity === 'dangerous' && !BEYOND_GRAPHQL_JS.has(change.code),
    ),
  };
}

describe('agreement with graphql-js findBreakingChanges / findDangerousChanges', () => {
  const kinds = [
    ...Object.values(BreakingChangeType).map((kind) => ({ kind, severity: 'breaking' as const })),
    ...Object.values(DangerousChangeType).map((kind) => ({ kind, severity: 'dangerous' as const })),
  ];

  it('has at least one case for every graphql-js change kind', () => {
    const missing = kinds.filter(({ kind }) => (CASES[kind] ?? []).length === 0).map(({ kind }) => kind);
    expect(missing).toEqual([]);
  });

  describe.each(kinds)('$kind', ({ kind, severity }) => {
    it.each(CASES[kind] ?? [])(`is $code at $coordinate (${severity})`, async (testCase) => {
      const result = await compare(testCase.old, testCase.new);
      const reported = severity === 'breaking' ? result.graphqlBreaking : result.graphqlDangerous;
      expect(reported.map((change) => change.type)).toContain(kind);
      expect(result.ours).toContainEqual(
        expect.objectContaining({ code: testCase.code, coordinate: testCase.coordinate, severity }),
      );
      // Exactly as many breaking and dangerous changes as graphql-js: no more, no fewer.
      expect(result.oursBreaking).toHaveLength(result.graphqlBreaking.length);
      expect(result.oursDangerous).toHaveLength(result.graphqlDangerous.length);
    });
  });

  it.each(UNFLAGGED)('does not flag what graphql-js does not: $why', async (testCase) => {
    const result = await compare(testCase.old, testCase.new);
    if (!testCase.code) expect(result.ours).toEqual([]);
    expect(result.graphqlBreaking).toEqual([]);
    expect(result.graphqlDangerous).toEqual([]);
    expect(result.oursBreaking).toEqual([]);
    expect(result.oursDangerous).toEqual([]);
    if (testCase.code) {
      expect(result.ours).toContainEqual(
        expect.objectContaining({ code: testCase.code, coordinate: testCase.coordinate, severity: 'safe' }),
      );
    }
  });
});

describe('new implementations of an existing interface (beyond graphql-js)', () => {
  const N = 'interface N { id: ID } type A implements N { id: ID } type Query { n: N }';

  it('reports a new object type implementing an existing interface as dangerous at the interface', async () => {
    const ours = await diffSchemas(buildSchema(N), buildSchema(`${N} type B implements N { id: ID }`));
    expect(ours.map(({ code, severity, coordinate }) => ({ code, severity, coordinate }))).toEqual([
      { code: 'IMPLEMENTATION_ADDED', severity: 'dangerous', coordinate: 'N' },
      { code: 'TYPE_ADDED', severity: 'safe', coordinate: 'B' },
    ]);
    expect(ours[0]?.message).toBe(
      "Interface 'N' has a new implementation: 'B'; clients selecting it may not handle the new __typename",
    );
    // graphql-js sees nothing dangerous here; a new union member it does flag.
    expect(findDangerousChanges(buildSchema(N), buildSchema(`${N} type B implements N { id: ID }`))).toEqual(
      [],
    );
  });

  it('reports an existing type newly implementing an interface at the type and at the interface', async () => {
    const ours = await diffSchemas(
      buildSchema('interface N { id: ID } type B { id: ID } type Query { n: N b: B }'),
      buildSchema('interface N { id: ID } type B implements N { id: ID } type Query { n: N b: B }'),
    );
    expect(ours.map(({ code, coordinate }) => `${code} ${coordinate}`)).toEqual([
      'INTERFACE_ADDED_TO_OBJECT B',
      'IMPLEMENTATION_ADDED N',
    ]);
  });

  it('lists every new implementation once, reaching through interfaces that implement interfaces', async () => {
    const old =
      'interface N { id: ID } interface M { id: ID } type A implements M { id: ID } type Query { n: N m: M }';
    const next =
      'interface N { id: ID } interface M implements N { id: ID } type A implements M & N { id: ID } ' +
      'type C implements N { id: ID } type Query { n: N m: M }';
    const ours = await diffSchemas(buildSchema(old), buildSchema(next));
    const atN = ours.find((change) => change.code === 'IMPLEMENTATION_ADDED');
    expect(atN).toMatchObject({
      coordinate: 'N',
      severity: 'dangerous',
      meta: { interfaceName: 'N', addedTypeNames: ['A', 'C'] },
    });
    expect(ours.filter((change) => change.code === 'IMPLEMENTATION_ADDED')).toHaveLength(1);
  });

  it('does not report the implementations of a new interface', async () => {
    const ours = await diffSchemas(
      buildSchema('type Query { a: Int }'),
      buildSchema('interface N { id: ID } type A implements N { id: ID } type Query { a: Int n: N }'),
    );
    expect(ours.filter((change) => change.severity !== 'safe')).toEqual([]);
  });
});
