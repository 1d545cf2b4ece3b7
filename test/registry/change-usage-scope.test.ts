// Which recorded coordinates decide whether a failing change is used (registry/services/checks/change-usage-scope.ts).
import { describe, expect, it } from 'vitest';
import { changeUsageScope, inUsageScope } from '../../registry/services/checks/change-usage-scope.js';

describe('change usage scope', () => {
  it('reads the coordinate of a removed field, argument, input field or enum value', () => {
    for (const [code, coordinate] of [
      ['FIELD_REMOVED', 'User.email'],
      ['ARG_REMOVED', 'Query.users(first:)'],
      ['INPUT_FIELD_REMOVED', 'Filter.text'],
      ['ENUM_VALUE_REMOVED', 'Sort.NEWEST'],
    ] as const) {
      expect(changeUsageScope({ code, coordinate })).toEqual({ coordinates: [coordinate], prefixes: [] });
    }
  });

  it('reads the field of a required argument added, and every coordinate of a removed type', () => {
    expect(changeUsageScope({ code: 'REQUIRED_ARG_ADDED', coordinate: 'Query.users(first:)' })).toEqual({
      coordinates: ['Query.users'],
      prefixes: [],
    });
    const scope = changeUsageScope({ code: 'TYPE_REMOVED', coordinate: 'User' });
    expect(scope).toEqual({ coordinates: [], prefixes: ['User.'] });
    expect(scope && inUsageScope(scope, 'User.email')).toBe(true);
    expect(scope && inUsageScope(scope, 'UserGroup.id')).toBe(false);
    expect(changeUsageScope({ code: 'REQUIRED_INPUT_FIELD_ADDED', coordinate: 'Filter.must' })).toEqual({
      coordinates: [],
      prefixes: ['Filter.'],
    });
  });

  it('cannot tell for directives, unions, interfaces and added enum values', () => {
    for (const [code, coordinate] of [
      ['DIRECTIVE_REMOVED', '@tag'],
      ['UNION_MEMBER_REMOVED', 'SearchResult'],
      ['INTERFACE_REMOVED_FROM_OBJECT', 'User'],
      ['ENUM_VALUE_ADDED', 'Sort.RANDOM'],
    ] as const) {
      expect(changeUsageScope({ code, coordinate })).toBeNull();
    }
  });
});
