import type { Change, SerializableChange } from '@graphql-inspector/core';
import type { ChangeCode } from './change-codes.js';
import {
  argumentCoordinate,
  directiveArgumentCoordinate,
  directiveCoordinate,
  memberCoordinate,
  SCHEMA_COORDINATE,
  typeCoordinate,
} from './schema-coordinate.js';
import { isRequiredInput, isSafeInputTypeChange, isSafeOutputTypeChange } from './type-compatibility.js';

/** One inspector change translated to our vocabulary; severity comes from the code (see change-codes.ts). */
export interface MappedChange {
  readonly code: ChangeCode;
  readonly coordinate: string;
  readonly message: string;
  /** Set for applied-directive changes: two directives on one element are two changes. */
  readonly directive?: string;
}

/**
 * Maps an inspector change to our code and coordinate. The switch is exhaustive over inspector's ChangeType, so
 * a new inspector version with new change kinds fails the type check here instead of being silently dropped.
 */
export function mapInspectorChange(change: Change): MappedChange {
  // inspector types `Change` loosely (`meta: any`); its discriminated union narrows `meta` by `type`.
  const typed = change as unknown as SerializableChange;
  const message = change.message;
  const at = (code: ChangeCode, coordinate: string): MappedChange => ({ code, coordinate, message });

  switch (typed.type) {
    // Types and the schema definition
    case 'TYPE_ADDED':
      return at('TYPE_ADDED', typeCoordinate(typed.meta.addedTypeName));
    case 'TYPE_REMOVED':
      return at('TYPE_REMOVED', typeCoordinate(typed.meta.removedTypeName));
    case 'TYPE_KIND_CHANGED':
      return at('TYPE_KIND_CHANGED', typeCoordinate(typed.meta.typeName));
    case 'TYPE_DESCRIPTION_ADDED':
    case 'TYPE_DESCRIPTION_CHANGED':
    case 'TYPE_DESCRIPTION_REMOVED':
      return at('DESCRIPTION_CHANGED', typeCoordinate(typed.meta.typeName));
    case 'SCHEMA_QUERY_TYPE_CHANGED':
      return rootChange(typed.meta.oldQueryTypeName, message);
    case 'SCHEMA_MUTATION_TYPE_CHANGED':
      return rootChange(typed.meta.oldMutationTypeName, message);
    case 'SCHEMA_SUBSCRIPTION_TYPE_CHANGED':
      return rootChange(typed.meta.oldSubscriptionTypeName, message);

    // Object and interface fields
    case 'FIELD_ADDED':
      return at('FIELD_ADDED', memberCoordinate(typed.meta.typeName, typed.meta.addedFieldName));
    case 'FIELD_REMOVED':
      return at('FIELD_REMOVED', memberCoordinate(typed.meta.typeName, typed.meta.removedFieldName));
    case 'FIELD_TYPE_CHANGED':
      return at(
        isSafeOutputTypeChange(typed.meta.oldFieldType, typed.meta.newFieldType)
          ? 'FIELD_TYPE_NARROWED'
          : 'FIELD_TYPE_CHANGED',
        memberCoordinate(typed.meta.typeName, typed.meta.fieldName),
      );
    case 'FIELD_DESCRIPTION_ADDED':
    case 'FIELD_DESCRIPTION_CHANGED':
    case 'FIELD_DESCRIPTION_REMOVED':
      return at('DESCRIPTION_CHANGED', memberCoordinate(typed.meta.typeName, typed.meta.fieldName));
    case 'FIELD_DEPRECATION_ADDED':
      return at('DEPRECATION_ADDED', memberCoordinate(typed.meta.typeName, typed.meta.fieldName));
    case 'FIELD_DEPRECATION_REMOVED':
      return at('DEPRECATION_REMOVED', memberCoordinate(typed.meta.typeName, typed.meta.fieldName));
    case 'FIELD_DEPRECATION_REASON_ADDED':
    case 'FIELD_DEPRECATION_REASON_CHANGED':
    case 'FIELD_DEPRECATION_REASON_REMOVED':
      return at('DEPRECATION_REASON_CHANGED', memberCoordinate(typed.meta.typeName, typed.meta.fieldName));

    // Field arguments
    case 'FIELD_ARGUMENT_ADDED':
      return at(
        isRequiredInput(typed.meta.addedArgumentType, typed.meta.hasDefaultValue)
          ? 'REQUIRED_ARG_ADDED'
          : 'OPTIONAL_ARG_ADDED',
        argumentCoordinate(typed.meta.typeName, typed.meta.fieldName, typed.meta.addedArgumentName),
      );
    case 'FIELD_ARGUMENT_REMOVED':
      return at(
        'ARG_REMOVED',
        argumentCoordinate(typed.meta.typeName, typed.meta.fieldName, typed.meta.removedFieldArgumentName),
      );
    case 'FIELD_ARGUMENT_TYPE_CHANGED':
      return at(
        isSafeInputTypeChange(typed.meta.oldArgumentType, typed.meta.newArgumentType)
          ? 'ARG_TYPE_WIDENED'
          : 'ARG_TYPE_CHANGED',
        argumentCoordinate(typed.meta.typeName, typed.meta.fieldName, typed.meta.argumentName),
      );
    case 'FIELD_ARGUMENT_DEFAULT_CHANGED':
      return at(
        defaultValueCode(typed.meta.oldDefaultValue),
        argumentCoordinate(typed.meta.typeName, typed.meta.fieldName, typed.meta.argumentName),
      );
    case 'FIELD_ARGUMENT_DESCRIPTION_CHANGED':
      return at(
        'DESCRIPTION_CHANGED',
        argumentCoordinate(typed.meta.typeName, typed.meta.fieldName, typed.meta.argumentName),
      );

    // Input object fields
    case 'INPUT_FIELD_ADDED':
      return at(
        isRequiredInput(typed.meta.addedInputFieldType, typed.meta.addedFieldDefault !== undefined)
          ? 'REQUIRED_INPUT_FIELD_ADDED'
          : 'OPTIONAL_INPUT_FIELD_ADDED',
        memberCoordinate(typed.meta.inputName, typed.meta.addedInputFieldName),
      );
    case 'INPUT_FIELD_REMOVED':
      return at('INPUT_FIELD_REMOVED', memberCoordinate(typed.meta.inputName, typed.meta.removedFieldName));
    case 'INPUT_FIELD_TYPE_CHANGED':
      return at(
        isSafeInputTypeChange(typed.meta.oldInputFieldType, typed.meta.newInputFieldType)
          ? 'INPUT_FIELD_TYPE_WIDENED'
          : 'INPUT_FIELD_TYPE_CHANGED',
        memberCoordinate(typed.meta.inputName, typed.meta.inputFieldName),
      );
    case 'INPUT_FIELD_DEFAULT_VALUE_CHANGED':
      return at(
        defaultValueCode(typed.meta.oldDefaultValue),
        memberCoordinate(typed.meta.inputName, typed.meta.inputFieldName),
      );
    case 'INPUT_FIELD_DESCRIPTION_ADDED':
    case 'INPUT_FIELD_DESCRIPTION_CHANGED':
    case 'INPUT_FIELD_DESCRIPTION_REMOVED':
      return at('DESCRIPTION_CHANGED', memberCoordinate(typed.meta.inputName, typed.meta.inputFieldName));

    // Enums, unions, interfaces
    case 'ENUM_VALUE_ADDED':
      return at('ENUM_VALUE_ADDED', memberCoordinate(typed.meta.enumName, typed.meta.addedEnumValueName));
    case 'ENUM_VALUE_REMOVED':
      return at('ENUM_VALUE_REMOVED', memberCoordinate(typed.meta.enumName, typed.meta.removedEnumValueName));
    case 'ENUM_VALUE_DESCRIPTION_CHANGED':
      return at('DESCRIPTION_CHANGED', memberCoordinate(typed.meta.enumName, typed.meta.enumValueName));
    case 'ENUM_VALUE_DEPRECATION_REASON_ADDED':
      // inspector reports a newly deprecated enum value as "deprecation reason added".
      return at('DEPRECATION_ADDED', memberCoordinate(typed.meta.enumName, typed.meta.enumValueName));
    case 'ENUM_VALUE_DEPRECATION_REASON_REMOVED':
      return at('DEPRECATION_REMOVED', memberCoordinate(typed.meta.enumName, typed.meta.enumValueName));
    case 'ENUM_VALUE_DEPRECATION_REASON_CHANGED':
      return at(
        'DEPRECATION_REASON_CHANGED',
        memberCoordinate(typed.meta.enumName, typed.meta.enumValueName),
      );
    case 'UNION_MEMBER_ADDED':
      return at('UNION_MEMBER_ADDED', typeCoordinate(typed.meta.unionName));
    case 'UNION_MEMBER_REMOVED':
      return at('UNION_MEMBER_REMOVED', typeCoordinate(typed.meta.unionName));
    case 'OBJECT_TYPE_INTERFACE_ADDED':
      return at('INTERFACE_ADDED_TO_OBJECT', typeCoordinate(typed.meta.objectTypeName));
    case 'OBJECT_TYPE_INTERFACE_REMOVED':
      return at('INTERFACE_REMOVED_FROM_OBJECT', typeCoordinate(typed.meta.objectTypeName));

    // Directive definitions
    case 'DIRECTIVE_ADDED':
      return at('DIRECTIVE_ADDED', directiveCoordinate(typed.meta.addedDirectiveName));
    case 'DIRECTIVE_REMOVED':
      return at('DIRECTIVE_REMOVED', directiveCoordinate(typed.meta.removedDirectiveName));
    case 'DIRECTIVE_DESCRIPTION_CHANGED':
      return at('DESCRIPTION_CHANGED', directiveCoordinate(typed.meta.directiveName));
    case 'DIRECTIVE_LOCATION_ADDED':
      return at('DIRECTIVE_LOCATION_ADDED', directiveCoordinate(typed.meta.directiveName));
    case 'DIRECTIVE_LOCATION_REMOVED':
      return at('DIRECTIVE_LOCATION_REMOVED', directiveCoordinate(typed.meta.directiveName));
    case 'DIRECTIVE_REPEATABLE_ADDED':
      return at('DIRECTIVE_REPEATABLE_ADDED', directiveCoordinate(typed.meta.directiveName));
    case 'DIRECTIVE_REPEATABLE_REMOVED':
      return at('DIRECTIVE_REPEATABLE_REMOVED', directiveCoordinate(typed.meta.directiveName));
    case 'DIRECTIVE_ARGUMENT_ADDED':
      return {
        code: isRequiredInput(
          typed.meta.addedDirectiveArgumentType,
          typed.meta.addedDirectiveDefaultValue !== undefined,
        )
          ? 'REQUIRED_DIRECTIVE_ARG_ADDED'
          : 'DIRECTIVE_ARG_ADDED',
        coordinate: directiveArgumentCoordinate(
          typed.meta.directiveName,
          typed.meta.addedDirectiveArgumentName,
        ),
        // inspector's message omits whether the argument is required.
        message: `Argument '${typed.meta.addedDirectiveArgumentName}: ${typed.meta.addedDirectiveArgumentType}' was added to directive '${typed.meta.directiveName}'`,
      };
    case 'DIRECTIVE_ARGUMENT_REMOVED':
      return at(
        'DIRECTIVE_ARG_REMOVED',
        directiveArgumentCoordinate(typed.meta.directiveName, typed.meta.removedDirectiveArgumentName),
      );
    case 'DIRECTIVE_ARGUMENT_TYPE_CHANGED':
      return at(
        isSafeInputTypeChange(typed.meta.oldDirectiveArgumentType, typed.meta.newDirectiveArgumentType)
          ? 'DIRECTIVE_ARG_TYPE_WIDENED'
          : 'DIRECTIVE_ARG_TYPE_CHANGED',
        directiveArgumentCoordinate(typed.meta.directiveName, typed.meta.directiveArgumentName),
      );
    case 'DIRECTIVE_ARGUMENT_DEFAULT_VALUE_CHANGED':
      return at(
        defaultValueCode(typed.meta.oldDirectiveArgumentDefaultValue),
        directiveArgumentCoordinate(typed.meta.directiveName, typed.meta.directiveArgumentName),
      );
    case 'DIRECTIVE_ARGUMENT_DESCRIPTION_CHANGED':
      return at(
        'DESCRIPTION_CHANGED',
        directiveArgumentCoordinate(typed.meta.directiveName, typed.meta.directiveArgumentName),
      );

    // Applied directives
    case 'DIRECTIVE_USAGE_SCHEMA_ADDED':
      return usageAdded(typed.meta.addedDirectiveName, SCHEMA_COORDINATE);
    case 'DIRECTIVE_USAGE_SCHEMA_REMOVED':
      return usageRemoved(typed.meta.removedDirectiveName, SCHEMA_COORDINATE);
    case 'DIRECTIVE_USAGE_SCALAR_ADDED':
      return usageAdded(typed.meta.addedDirectiveName, typed.meta.scalarName);
    case 'DIRECTIVE_USAGE_SCALAR_REMOVED':
      return usageRemoved(typed.meta.removedDirectiveName, typed.meta.scalarName);
    case 'DIRECTIVE_USAGE_OBJECT_ADDED':
      return usageAdded(typed.meta.addedDirectiveName, typed.meta.objectName);
    case 'DIRECTIVE_USAGE_OBJECT_REMOVED':
      return usageRemoved(typed.meta.removedDirectiveName, typed.meta.objectName);
    case 'DIRECTIVE_USAGE_INTERFACE_ADDED':
      return usageAdded(typed.meta.addedDirectiveName, typed.meta.interfaceName);
    case 'DIRECTIVE_USAGE_INTERFACE_REMOVED':
      return usageRemoved(typed.meta.removedDirectiveName, typed.meta.interfaceName);
    case 'DIRECTIVE_USAGE_UNION_MEMBER_ADDED':
      return usageAdded(typed.meta.addedDirectiveName, typed.meta.unionName);
    case 'DIRECTIVE_USAGE_UNION_MEMBER_REMOVED':
      return usageRemoved(typed.meta.removedDirectiveName, typed.meta.unionName);
    case 'DIRECTIVE_USAGE_ENUM_ADDED':
      return usageAdded(typed.meta.addedDirectiveName, typed.meta.enumName);
    case 'DIRECTIVE_USAGE_ENUM_REMOVED':
      return usageRemoved(typed.meta.removedDirectiveName, typed.meta.enumName);
    case 'DIRECTIVE_USAGE_INPUT_OBJECT_ADDED':
      return typed.meta.addedDirectiveName === 'oneOf'
        ? at('ONE_OF_ADDED', typeCoordinate(typed.meta.inputObjectName))
        : usageAdded(typed.meta.addedDirectiveName, typed.meta.inputObjectName);
    case 'DIRECTIVE_USAGE_INPUT_OBJECT_REMOVED':
      return usageRemoved(typed.meta.removedDirectiveName, typed.meta.inputObjectName);
    case 'DIRECTIVE_USAGE_FIELD_ADDED':
    case 'DIRECTIVE_USAGE_FIELD_DEFINITION_ADDED':
      return usageAdded(
        typed.meta.addedDirectiveName,
        memberCoordinate(typed.meta.typeName, typed.meta.fieldName),
      );
    case 'DIRECTIVE_USAGE_FIELD_REMOVED':
    case 'DIRECTIVE_USAGE_FIELD_DEFINITION_REMOVED':
      return usageRemoved(
        typed.meta.removedDirectiveName,
        memberCoordinate(typed.meta.typeName, typed.meta.fieldName),
      );
    case 'DIRECTIVE_USAGE_ARGUMENT_DEFINITION_ADDED':
      return usageAdded(
        typed.meta.addedDirectiveName,
        argumentCoordinate(typed.meta.typeName, typed.meta.fieldName, typed.meta.argumentName),
      );
    case 'DIRECTIVE_USAGE_ARGUMENT_DEFINITION_REMOVED':
      return usageRemoved(
        typed.meta.removedDirectiveName,
        argumentCoordinate(typed.meta.typeName, typed.meta.fieldName, typed.meta.argumentName),
      );
    case 'DIRECTIVE_USAGE_INPUT_FIELD_DEFINITION_ADDED':
      return usageAdded(
        typed.meta.addedDirectiveName,
        memberCoordinate(typed.meta.inputObjectName, typed.meta.inputFieldName),
      );
    case 'DIRECTIVE_USAGE_INPUT_FIELD_DEFINITION_REMOVED':
      return usageRemoved(
        typed.meta.removedDirectiveName,
        memberCoordinate(typed.meta.inputObjectName, typed.meta.inputFieldName),
      );
    case 'DIRECTIVE_USAGE_ENUM_VALUE_ADDED':
      return usageAdded(
        typed.meta.addedDirectiveName,
        memberCoordinate(typed.meta.enumName, typed.meta.enumValueName),
      );
    case 'DIRECTIVE_USAGE_ENUM_VALUE_REMOVED':
      return usageRemoved(
        typed.meta.removedDirectiveName,
        memberCoordinate(typed.meta.enumName, typed.meta.enumValueName),
      );
    case 'DIRECTIVE_USAGE_ARGUMENT_ADDED':
    case 'DIRECTIVE_USAGE_ARGUMENT_REMOVED':
      return usageChanged(typed.meta.directiveName, usageParentCoordinate(typed.meta));
  }
}

function rootChange(oldRootTypeName: string | null, message: string): MappedChange {
  return {
    code: oldRootTypeName === null ? 'ROOT_TYPE_ADDED' : 'ROOT_TYPE_CHANGED',
    coordinate: SCHEMA_COORDINATE,
    message,
  };
}

/** graphql-js flags a default that changed or was removed, not one that was added. */
function defaultValueCode(oldDefault: string | undefined): ChangeCode {
  return oldDefault === undefined ? 'DEFAULT_VALUE_ADDED' : 'DEFAULT_VALUE_CHANGED';
}

// @deprecated has codes of its own; other applied directives are reported once per element and directive.
function usageAdded(directive: string, coordinate: string): MappedChange {
  if (directive === 'deprecated') {
    return { code: 'DEPRECATION_ADDED', coordinate, message: `'${coordinate}' was deprecated` };
  }
  return {
    code: 'DIRECTIVE_USAGE_ADDED',
    coordinate,
    directive,
    message: `Directive '@${directive}' was added to '${coordinate}'`,
  };
}

function usageRemoved(directive: string, coordinate: string): MappedChange {
  if (directive === 'deprecated') {
    return { code: 'DEPRECATION_REMOVED', coordinate, message: `'${coordinate}' is no longer deprecated` };
  }
  return {
    code: 'DIRECTIVE_USAGE_REMOVED',
    coordinate,
    directive,
    message: `Directive '@${directive}' was removed from '${coordinate}'`,
  };
}

function usageChanged(directive: string, coordinate: string): MappedChange {
  if (directive === 'deprecated') {
    return {
      code: 'DEPRECATION_REASON_CHANGED',
      coordinate,
      message: `Deprecation reason of '${coordinate}' changed`,
    };
  }
  return {
    code: 'DIRECTIVE_USAGE_CHANGED',
    coordinate,
    directive,
    message: `Arguments of directive '@${directive}' on '${coordinate}' changed`,
  };
}

function usageParentCoordinate(meta: {
  parentTypeName: string | null;
  parentFieldName: string | null;
  parentArgumentName: string | null;
  parentEnumValueName: string | null;
}): string {
  const {
    parentTypeName: type,
    parentFieldName: field,
    parentArgumentName: argument,
    parentEnumValueName,
  } = meta;
  if (type === null) return SCHEMA_COORDINATE;
  if (field !== null && argument !== null) return argumentCoordinate(type, field, argument);
  if (field !== null) return memberCoordinate(type, field);
  if (parentEnumValueName !== null) return memberCoordinate(type, parentEnumValueName);
  return typeCoordinate(type);
}
