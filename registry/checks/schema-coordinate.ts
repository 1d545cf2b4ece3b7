/**
 * Schema coordinates (https://github.com/graphql/graphql-wg/blob/main/rfcs/SchemaCoordinates.md):
 * `Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`, `Input.field`, `@directive`, `@directive(arg:)`.
 * Changes to the schema definition itself (root operation types) use `schema`.
 */

export const SCHEMA_COORDINATE = 'schema';

export function typeCoordinate(type: string): string {
  return type;
}

/** A field, input field or enum value. */
export function memberCoordinate(type: string, member: string): string {
  return `${type}.${member}`;
}

export function argumentCoordinate(type: string, field: string, argument: string): string {
  return `${type}.${field}(${argument}:)`;
}

export function directiveCoordinate(directive: string): string {
  return `@${directive}`;
}

export function directiveArgumentCoordinate(directive: string, argument: string): string {
  return `@${directive}(${argument}:)`;
}

/** The coordinates that contain this one, nearest first: `T.f(a:)` → `T.f`, `T`; `@d(a:)` → `@d`. */
export function enclosingCoordinates(coordinate: string): string[] {
  const enclosing: string[] = [];
  const argumentStart = coordinate.indexOf('(');
  const withoutArgument = argumentStart === -1 ? coordinate : coordinate.slice(0, argumentStart);
  if (withoutArgument !== coordinate) enclosing.push(withoutArgument);
  const dot = withoutArgument.indexOf('.');
  if (dot !== -1) enclosing.push(withoutArgument.slice(0, dot));
  return enclosing;
}
