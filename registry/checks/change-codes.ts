/**
 * The catalogue of schema change codes. A code is stable: it is never renamed or reused, and docs/checks.md
 * documents each one (a test keeps the two in step). Every code has one default severity; the registry may
 * later let a graph override it, which is why it is called the default.
 *
 * Severities follow graphql-js (`findBreakingChanges` / `findDangerousChanges`) on everything graphql-js
 * inspects, and @graphql-inspector/core's criticality on what graphql-js does not inspect. `inspectorDiffers`
 * records, for the docs, where our default departs from inspector's criticality and why.
 */

export type Severity = 'breaking' | 'dangerous' | 'safe';

export const SEVERITIES: readonly Severity[] = ['breaking', 'dangerous', 'safe'];

export interface ChangeCodeDefinition {
  readonly severity: Severity;
  readonly description: string;
  /** A minimal old/new SDL pair that produces this code (the docs show it; a test runs it). */
  readonly example: { readonly old: string; readonly new: string; readonly coordinate: string };
  /** Why our severity is not inspector's criticality, when it is not. */
  readonly inspectorDiffers?: string;
}

const Q = 'type Query { a: Int }';

export const CHANGE_CODES = {
  // Types
  TYPE_REMOVED: {
    severity: 'breaking',
    description:
      'A type was removed (including a standard scalar that is no longer referenced, as graphql-js reports).',
    example: { old: `${Q} type T { a: Int }`, new: Q, coordinate: 'T' },
    inspectorDiffers:
      'inspector ignores the standard scalars; graphql-js reports an unreferenced standard scalar as removed, and so do we.',
  },
  TYPE_ADDED: {
    severity: 'safe',
    description: 'A type was added. Changes inside a new type are not listed separately.',
    example: { old: Q, new: `${Q} type T { a: Int }`, coordinate: 'T' },
  },
  TYPE_KIND_CHANGED: {
    severity: 'breaking',
    description: 'A type changed kind, e.g. from object to interface or from enum to scalar.',
    example: {
      old: 'type Query { t: T } type T { a: Int }',
      new: 'type Query { t: T } interface T { a: Int }',
      coordinate: 'T',
    },
  },
  DESCRIPTION_CHANGED: {
    severity: 'safe',
    description:
      'The description of a type, field, argument, enum value or directive was added, changed or removed.',
    example: {
      old: 'type Query { "old" a: Int }',
      new: 'type Query { "new" a: Int }',
      coordinate: 'Query.a',
    },
  },
  ROOT_TYPE_CHANGED: {
    severity: 'breaking',
    description:
      'The query, mutation or subscription root type changed to another type, or was removed while its type stays. ' +
      'graphql-js does not compare root types; we keep inspector’s criticality.',
    example: {
      old: 'schema { query: Query mutation: M } type Query { a: Int } type M { a: Int }',
      new: 'type Query { a: Int } type M { a: Int }',
      coordinate: 'schema',
    },
  },
  ROOT_TYPE_ADDED: {
    severity: 'safe',
    description: 'A mutation or subscription root type was added.',
    example: { old: Q, new: `${Q} type Mutation { m: Int }`, coordinate: 'schema' },
  },

  // Object and interface fields
  FIELD_REMOVED: {
    severity: 'breaking',
    description: 'A field was removed from an object or interface type (deprecated or not).',
    example: { old: 'type Query { a: Int b: Int }', new: Q, coordinate: 'Query.b' },
  },
  FIELD_ADDED: {
    severity: 'safe',
    description: 'A field was added to an object or interface type.',
    example: { old: Q, new: 'type Query { a: Int b: Int }', coordinate: 'Query.b' },
  },
  FIELD_TYPE_CHANGED: {
    severity: 'breaking',
    description:
      'A field’s type changed in a way a client may not expect: another named type, a list added or removed, ' +
      'or non-null removed.',
    example: { old: 'type Query { a: Int! }', new: Q, coordinate: 'Query.a' },
  },
  FIELD_TYPE_NARROWED: {
    severity: 'safe',
    description:
      'A field’s type became stricter without changing shape (non-null added, e.g. `Int` to `Int!`).',
    example: { old: Q, new: 'type Query { a: Int! }', coordinate: 'Query.a' },
  },
  DEPRECATION_ADDED: {
    severity: 'safe',
    description: 'A field, argument, input field or enum value was deprecated.',
    example: { old: Q, new: 'type Query { a: Int @deprecated(reason: "gone soon") }', coordinate: 'Query.a' },
  },
  DEPRECATION_REMOVED: {
    severity: 'safe',
    description: 'A deprecation was withdrawn.',
    example: { old: 'type Query { a: Int @deprecated }', new: Q, coordinate: 'Query.a' },
  },
  DEPRECATION_REASON_CHANGED: {
    severity: 'safe',
    description: 'The reason of a deprecation was added, changed or removed.',
    example: {
      old: 'type Query { a: Int @deprecated(reason: "x") }',
      new: 'type Query { a: Int @deprecated(reason: "y") }',
      coordinate: 'Query.a',
    },
  },

  // Field arguments
  ARG_REMOVED: {
    severity: 'breaking',
    description: 'An argument was removed from a field.',
    example: { old: 'type Query { a(x: Int): Int }', new: Q, coordinate: 'Query.a(x:)' },
  },
  REQUIRED_ARG_ADDED: {
    severity: 'breaking',
    description: 'A required argument (non-null, no default) was added to an existing field.',
    example: { old: Q, new: 'type Query { a(x: Int!): Int }', coordinate: 'Query.a(x:)' },
  },
  OPTIONAL_ARG_ADDED: {
    severity: 'dangerous',
    description: 'An optional argument was added to an existing field.',
    example: { old: Q, new: 'type Query { a(x: Int): Int }', coordinate: 'Query.a(x:)' },
  },
  ARG_TYPE_CHANGED: {
    severity: 'breaking',
    description:
      'An argument’s type changed in a way existing operations may not satisfy (another named type, list ' +
      'added or removed, non-null added).',
    example: {
      old: 'type Query { a(x: Int): Int }',
      new: 'type Query { a(x: Int!): Int }',
      coordinate: 'Query.a(x:)',
    },
  },
  ARG_TYPE_WIDENED: {
    severity: 'safe',
    description: 'An argument became more permissive (non-null removed, e.g. `Int!` to `Int`).',
    example: {
      old: 'type Query { a(x: Int!): Int }',
      new: 'type Query { a(x: Int): Int }',
      coordinate: 'Query.a(x:)',
    },
  },
  DEFAULT_VALUE_CHANGED: {
    severity: 'dangerous',
    description:
      'The default value of an argument, input field or directive argument changed or was removed: operations ' +
      'that omit it now behave differently. Not reported when the type of the same element changed ' +
      'incompatibly (the type change says it).',
    example: {
      old: 'type Query { a(x: Int = 1): Int }',
      new: 'type Query { a(x: Int = 2): Int }',
      coordinate: 'Query.a(x:)',
    },
  },
  DEFAULT_VALUE_ADDED: {
    severity: 'safe',
    description: 'A default value was given to an argument, input field or directive argument that had none.',
    example: {
      old: 'type Query { a(x: Int): Int }',
      new: 'type Query { a(x: Int = 1): Int }',
      coordinate: 'Query.a(x:)',
    },
    inspectorDiffers: 'inspector: dangerous. graphql-js only reports defaults that changed or were removed.',
  },

  // Input object fields
  INPUT_FIELD_REMOVED: {
    severity: 'breaking',
    description: 'A field was removed from an input type.',
    example: {
      old: 'input I { a: Int b: Int } type Query { f(i: I): Int }',
      new: 'input I { a: Int } type Query { f(i: I): Int }',
      coordinate: 'I.b',
    },
  },
  REQUIRED_INPUT_FIELD_ADDED: {
    severity: 'breaking',
    description: 'A required field (non-null, no default) was added to an existing input type.',
    example: {
      old: 'input I { a: Int } type Query { f(i: I): Int }',
      new: 'input I { a: Int b: Int! } type Query { f(i: I): Int }',
      coordinate: 'I.b',
    },
  },
  OPTIONAL_INPUT_FIELD_ADDED: {
    severity: 'dangerous',
    description: 'An optional field was added to an existing input type.',
    example: {
      old: 'input I { a: Int } type Query { f(i: I): Int }',
      new: 'input I { a: Int b: Int } type Query { f(i: I): Int }',
      coordinate: 'I.b',
    },
    inspectorDiffers: 'inspector: safe. graphql-js: dangerous (OPTIONAL_INPUT_FIELD_ADDED).',
  },
  INPUT_FIELD_TYPE_CHANGED: {
    severity: 'breaking',
    description: 'An input field’s type changed in a way existing operations may not satisfy.',
    example: {
      old: 'input I { a: Int } type Query { f(i: I): Int }',
      new: 'input I { a: String } type Query { f(i: I): Int }',
      coordinate: 'I.a',
    },
  },
  INPUT_FIELD_TYPE_WIDENED: {
    severity: 'safe',
    description: 'An input field became more permissive (non-null removed).',
    example: {
      old: 'input I { a: Int! } type Query { f(i: I): Int }',
      new: 'input I { a: Int } type Query { f(i: I): Int }',
      coordinate: 'I.a',
    },
  },
  ONE_OF_ADDED: {
    severity: 'breaking',
    description:
      'An existing input type became `@oneOf`: operations that set several of its fields are now rejected. ' +
      'graphql-js 16 does not compare `@oneOf`; we keep inspector’s criticality.',
    example: {
      old: 'input I { a: Int b: Int } type Query { f(i: I): Int }',
      new: 'input I @oneOf { a: Int b: Int } type Query { f(i: I): Int }',
      coordinate: 'I',
    },
  },

  // Enums, unions, interfaces
  ENUM_VALUE_REMOVED: {
    severity: 'breaking',
    description: 'A value was removed from an enum (deprecated or not).',
    example: {
      old: 'enum E { A B } type Query { e: E }',
      new: 'enum E { A } type Query { e: E }',
      coordinate: 'E.B',
    },
  },
  ENUM_VALUE_ADDED: {
    severity: 'dangerous',
    description:
      'A value was added to an existing enum: clients that switch over its values may not handle it.',
    example: {
      old: 'enum E { A } type Query { e: E }',
      new: 'enum E { A B } type Query { e: E }',
      coordinate: 'E.B',
    },
  },
  UNION_MEMBER_REMOVED: {
    severity: 'breaking',
    description: 'A member type was removed from a union.',
    example: {
      old: 'union U = A | B type A { a: Int } type B { b: Int } type Query { u: U }',
      new: 'union U = A type A { a: Int } type B { b: Int } type Query { u: U }',
      coordinate: 'U',
    },
  },
  UNION_MEMBER_ADDED: {
    severity: 'dangerous',
    description: 'A member type was added to an existing union: clients may not handle the new `__typename`.',
    example: {
      old: 'union U = A type A { a: Int } type B { b: Int } type Query { u: U b: B }',
      new: 'union U = A | B type A { a: Int } type B { b: Int } type Query { u: U b: B }',
      coordinate: 'U',
    },
  },
  INTERFACE_REMOVED_FROM_OBJECT: {
    severity: 'breaking',
    description: 'An object or interface type no longer implements an interface.',
    example: {
      old: 'interface N { id: ID } type T implements N { id: ID } type Query { n: N t: T }',
      new: 'interface N { id: ID } type T { id: ID } type Query { n: N t: T }',
      coordinate: 'T',
    },
  },
  INTERFACE_ADDED_TO_OBJECT: {
    severity: 'dangerous',
    description: 'An existing object or interface type now implements an interface.',
    example: {
      old: 'interface N { id: ID } type T { id: ID } type Query { n: N t: T }',
      new: 'interface N { id: ID } type T implements N { id: ID } type Query { n: N t: T }',
      coordinate: 'T',
    },
  },

  IMPLEMENTATION_ADDED: {
    severity: 'dangerous',
    description:
      "An existing interface has a new implementation: an object type added to the schema that implements it, or an existing type (or an interface's implementation) that now does. Clients selecting the interface may not handle the new `__typename`, the same risk as `UNION_MEMBER_ADDED`. Reported at the interface, next to `TYPE_ADDED` or `INTERFACE_ADDED_TO_OBJECT` at the type.",
    example: {
      old: 'interface N { id: ID } type A implements N { id: ID } type Query { n: N }',
      new: 'interface N { id: ID } type A implements N { id: ID } type B implements N { id: ID } type Query { n: N }',
      coordinate: 'N',
    },
    inspectorDiffers:
      'inspector and graphql-js report the new type as safe (`TYPE_ADDED`) and only the implementing type of an existing one (`INTERFACE_ADDED_TO_OBJECT`); for clients of the interface a new implementation is as dangerous as a new union member.',
  },

  // Directive definitions
  DIRECTIVE_REMOVED: {
    severity: 'breaking',
    description: 'A directive definition was removed.',
    example: { old: `directive @d on FIELD ${Q}`, new: Q, coordinate: '@d' },
  },
  DIRECTIVE_ADDED: {
    severity: 'safe',
    description: 'A directive definition was added.',
    example: { old: Q, new: `directive @d on FIELD ${Q}`, coordinate: '@d' },
  },
  DIRECTIVE_ARG_REMOVED: {
    severity: 'breaking',
    description: 'An argument was removed from a directive definition.',
    example: {
      old: `directive @d(x: Int) on FIELD ${Q}`,
      new: `directive @d on FIELD ${Q}`,
      coordinate: '@d(x:)',
    },
  },
  REQUIRED_DIRECTIVE_ARG_ADDED: {
    severity: 'breaking',
    description: 'A required argument was added to an existing directive.',
    example: {
      old: `directive @d on FIELD ${Q}`,
      new: `directive @d(x: Int!) on FIELD ${Q}`,
      coordinate: '@d(x:)',
    },
  },
  DIRECTIVE_ARG_ADDED: {
    severity: 'safe',
    description: 'An optional argument was added to an existing directive.',
    example: {
      old: `directive @d on FIELD ${Q}`,
      new: `directive @d(x: Int) on FIELD ${Q}`,
      coordinate: '@d(x:)',
    },
  },
  DIRECTIVE_ARG_TYPE_CHANGED: {
    severity: 'breaking',
    description:
      'A directive argument’s type changed incompatibly (same rule as field arguments). graphql-js does not ' +
      'compare directive argument types; we keep inspector’s criticality.',
    example: {
      old: `directive @d(x: Int) on FIELD ${Q}`,
      new: `directive @d(x: String) on FIELD ${Q}`,
      coordinate: '@d(x:)',
    },
  },
  DIRECTIVE_ARG_TYPE_WIDENED: {
    severity: 'safe',
    description: 'A directive argument became more permissive (non-null removed).',
    example: {
      old: `directive @d(x: Int!) on FIELD ${Q}`,
      new: `directive @d(x: Int) on FIELD ${Q}`,
      coordinate: '@d(x:)',
    },
  },
  DIRECTIVE_LOCATION_REMOVED: {
    severity: 'breaking',
    description: 'A directive can no longer be used at a location.',
    example: {
      old: `directive @d on FIELD | QUERY ${Q}`,
      new: `directive @d on FIELD ${Q}`,
      coordinate: '@d',
    },
  },
  DIRECTIVE_LOCATION_ADDED: {
    severity: 'safe',
    description: 'A directive can be used at a new location.',
    example: {
      old: `directive @d on FIELD ${Q}`,
      new: `directive @d on FIELD | QUERY ${Q}`,
      coordinate: '@d',
    },
  },
  DIRECTIVE_REPEATABLE_REMOVED: {
    severity: 'breaking',
    description: 'A directive is no longer repeatable.',
    example: {
      old: `directive @d repeatable on FIELD ${Q}`,
      new: `directive @d on FIELD ${Q}`,
      coordinate: '@d',
    },
    inspectorDiffers: 'inspector: dangerous. graphql-js: breaking (DIRECTIVE_REPEATABLE_REMOVED).',
  },
  DIRECTIVE_REPEATABLE_ADDED: {
    severity: 'safe',
    description: 'A directive became repeatable.',
    example: {
      old: `directive @d on FIELD ${Q}`,
      new: `directive @d repeatable on FIELD ${Q}`,
      coordinate: '@d',
    },
  },

  // Applied directives (other than @deprecated and @oneOf, which have codes of their own)
  DIRECTIVE_USAGE_ADDED: {
    severity: 'safe',
    description:
      'A directive was applied to a schema element. Applied directives are not visible to clients through ' +
      'introspection, and graphql-js ignores them.',
    example: {
      old: `directive @d on FIELD_DEFINITION ${Q}`,
      new: 'directive @d on FIELD_DEFINITION type Query { a: Int @d }',
      coordinate: 'Query.a',
    },
    inspectorDiffers: 'inspector: dangerous (breaking for a few). graphql-js ignores applied directives.',
  },
  DIRECTIVE_USAGE_REMOVED: {
    severity: 'safe',
    description: 'A directive was removed from a schema element.',
    example: {
      old: 'directive @d on FIELD_DEFINITION type Query { a: Int @d }',
      new: `directive @d on FIELD_DEFINITION ${Q}`,
      coordinate: 'Query.a',
    },
    inspectorDiffers: 'inspector: dangerous. graphql-js ignores applied directives.',
  },
  DIRECTIVE_USAGE_CHANGED: {
    severity: 'safe',
    description: 'The arguments of a directive applied to a schema element changed.',
    example: {
      old: 'directive @d(x: Int) on FIELD_DEFINITION type Query { a: Int @d(x: 1) }',
      new: 'directive @d(x: Int) on FIELD_DEFINITION type Query { a: Int @d(x: 2) }',
      coordinate: 'Query.a',
    },
    inspectorDiffers:
      'inspector: dangerous when an argument is removed. graphql-js ignores applied directives.',
  },
} as const satisfies Record<string, ChangeCodeDefinition>;

export type ChangeCode = keyof typeof CHANGE_CODES;

export const CHANGE_CODE_NAMES = Object.keys(CHANGE_CODES) as ChangeCode[];

/** The catalogue entry of a code, seen through the common interface (optional fields included). */
export function changeCodeDefinition(code: ChangeCode): ChangeCodeDefinition {
  const catalogue: Readonly<Record<ChangeCode, ChangeCodeDefinition>> = CHANGE_CODES;
  return catalogue[code];
}
