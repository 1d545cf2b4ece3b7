import { Kind, parseType, type TypeNode } from 'graphql';

/**
 * graphql-js's rules (`findBreakingChanges`, not exported there) for whether a type change is safe, applied to
 * type references as printed (`[Int!]!`). Only names and wrappers matter, so the printed form is enough.
 */

/** Output position (object and interface fields): adding non-null is safe, anything else is not. */
export function isSafeOutputTypeChange(oldType: string, newType: string): boolean {
  return safeForOutput(parseType(oldType), parseType(newType));
}

/** Input position (arguments, input fields): removing non-null is safe, anything else is not. */
export function isSafeInputTypeChange(oldType: string, newType: string): boolean {
  return safeForInput(parseType(oldType), parseType(newType));
}

/** An input value is required when it is non-null and has no default (graphql-js `isRequiredArgument`). */
export function isRequiredInput(type: string, hasDefault: boolean): boolean {
  return type.endsWith('!') && !hasDefault;
}

function safeForOutput(oldType: TypeNode, newType: TypeNode): boolean {
  if (oldType.kind === Kind.LIST_TYPE) {
    return (
      (newType.kind === Kind.LIST_TYPE && safeForOutput(oldType.type, newType.type)) ||
      (newType.kind === Kind.NON_NULL_TYPE && safeForOutput(oldType, newType.type))
    );
  }
  if (oldType.kind === Kind.NON_NULL_TYPE) {
    return newType.kind === Kind.NON_NULL_TYPE && safeForOutput(oldType.type, newType.type);
  }
  return (
    (newType.kind === Kind.NAMED_TYPE && oldType.name.value === newType.name.value) ||
    (newType.kind === Kind.NON_NULL_TYPE && safeForOutput(oldType, newType.type))
  );
}

function safeForInput(oldType: TypeNode, newType: TypeNode): boolean {
  if (oldType.kind === Kind.LIST_TYPE) {
    return newType.kind === Kind.LIST_TYPE && safeForInput(oldType.type, newType.type);
  }
  if (oldType.kind === Kind.NON_NULL_TYPE) {
    return (
      (newType.kind === Kind.NON_NULL_TYPE && safeForInput(oldType.type, newType.type)) ||
      (newType.kind !== Kind.NON_NULL_TYPE && safeForInput(oldType.type, newType))
    );
  }
  return newType.kind === Kind.NAMED_TYPE && oldType.name.value === newType.name.value;
}
