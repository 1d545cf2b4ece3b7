/** Readers of directive arguments for `SpecDirective.read`: each checks the value and names the problem. */
import { InvalidDirectiveArgumentError, type DirectiveArguments } from './spec-directive.js';

export function stringSets(
  directive: string,
  coordinate: string,
  args: DirectiveArguments,
  name: string,
): string[][] {
  const value = args[name];
  const isStringSets =
    Array.isArray(value) &&
    value.every((set) => Array.isArray(set) && (set as unknown[]).every((item) => typeof item === 'string'));
  if (!isStringSets)
    throw new InvalidDirectiveArgumentError(directive, coordinate, name, 'a list of lists of strings');
  return value as string[][];
}

export function optionalStrings(
  directive: string,
  coordinate: string,
  args: DirectiveArguments,
  name: string,
): string[] | null {
  const value = args[name];
  if (value == null) return null;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new InvalidDirectiveArgumentError(directive, coordinate, name, 'a list of strings');
  }
  return value;
}

/** `valueFromASTUntyped` yields integers as numbers; anything else is not an `Int`. */
export function optionalInt(
  directive: string,
  coordinate: string,
  args: DirectiveArguments,
  name: string,
): number | null {
  const value = args[name];
  if (value == null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new InvalidDirectiveArgumentError(directive, coordinate, name, 'an integer');
  }
  return value;
}

export function requiredInt(
  directive: string,
  coordinate: string,
  args: DirectiveArguments,
  name: string,
): number {
  const value = optionalInt(directive, coordinate, args, name);
  if (value === null) throw new InvalidDirectiveArgumentError(directive, coordinate, name, 'an integer');
  return value;
}

export function optionalBoolean(
  directive: string,
  coordinate: string,
  args: DirectiveArguments,
  name: string,
): boolean | null {
  const value = args[name];
  if (value == null) return null;
  if (typeof value !== 'boolean')
    throw new InvalidDirectiveArgumentError(directive, coordinate, name, 'a boolean');
  return value;
}
