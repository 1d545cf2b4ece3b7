import { Kind, type ConstDirectiveNode, type DefinitionNode, type DocumentNode } from 'graphql';
import type { ReportLintFinding } from '../check-report.js';
import type { LintConfig, LintRule } from './lint-config.js';

const PASCAL_CASE = /^[A-Z][A-Za-z0-9]*$/;
const CAMEL_CASE = /^[a-z][A-Za-z0-9]*$/;
const UPPER_CASE = /^[A-Z][A-Z0-9_]*$/;

/** Names that belong to federation and the linked specs, not to the team: never linted. */
function isMachinery(name: string): boolean {
  return name.startsWith('_') || name.includes('__');
}

interface Finder {
  readonly file: string;
  readonly config: LintConfig;
  readonly findings: ReportLintFinding[];
}

function report(
  finder: Finder,
  rule: LintRule,
  message: string,
  coordinate: string,
  node: { loc?: { startToken: { line: number; column: number } } | undefined },
): void {
  const level = finder.config.rules[rule];
  if (level === 'off') return;
  const start = node.loc?.startToken;
  finder.findings.push({
    rule,
    severity: level === 'error' ? 'error' : 'warning',
    message,
    coordinate,
    ...(start ? { location: { file: finder.file, line: start.line, column: start.column } } : {}),
  });
}

/**
 * The rules that look at one subgraph's SDL as written: naming conventions and `@deprecated` reasons. Only the
 * proposed subgraph is linted, so a team is never blamed for another team's names.
 */
export function lintSubgraphDocument(
  document: DocumentNode,
  file: string,
  config: LintConfig,
): ReportLintFinding[] {
  const finder: Finder = { file, config, findings: [] };
  for (const definition of document.definitions) lintDefinition(finder, definition);
  return finder.findings;
}

function lintDefinition(finder: Finder, definition: DefinitionNode): void {
  if (!('name' in definition) || !definition.name) return;
  const typeName = definition.name.value;
  if (isMachinery(typeName)) return;
  switch (definition.kind) {
    case Kind.OBJECT_TYPE_DEFINITION:
    case Kind.OBJECT_TYPE_EXTENSION:
    case Kind.INTERFACE_TYPE_DEFINITION:
    case Kind.INTERFACE_TYPE_EXTENSION:
    case Kind.INPUT_OBJECT_TYPE_DEFINITION:
    case Kind.INPUT_OBJECT_TYPE_EXTENSION:
      lintTypeName(finder, typeName, definition);
      for (const field of definition.fields ?? []) {
        const coordinate = `${typeName}.${field.name.value}`;
        if (isMachinery(field.name.value)) continue;
        if (!CAMEL_CASE.test(field.name.value)) {
          report(
            finder,
            'FIELD_NAMES_CAMEL_CASE',
            `Field '${coordinate}' should be camelCase`,
            coordinate,
            field,
          );
        }
        lintDeprecation(finder, coordinate, field.directives);
      }
      return;
    case Kind.ENUM_TYPE_DEFINITION:
    case Kind.ENUM_TYPE_EXTENSION:
      lintTypeName(finder, typeName, definition);
      for (const value of definition.values ?? []) {
        const coordinate = `${typeName}.${value.name.value}`;
        if (!UPPER_CASE.test(value.name.value)) {
          report(
            finder,
            'ENUM_VALUES_UPPER_CASE',
            `Enum value '${coordinate}' should be UPPER_CASE`,
            coordinate,
            value,
          );
        }
        lintDeprecation(finder, coordinate, value.directives);
      }
      return;
    case Kind.UNION_TYPE_DEFINITION:
    case Kind.UNION_TYPE_EXTENSION:
    case Kind.SCALAR_TYPE_DEFINITION:
    case Kind.SCALAR_TYPE_EXTENSION:
      lintTypeName(finder, typeName, definition);
      return;
    case Kind.DIRECTIVE_DEFINITION:
    case Kind.DIRECTIVE_EXTENSION:
    case Kind.FRAGMENT_DEFINITION:
    case Kind.OPERATION_DEFINITION:
      return;
  }
}

function lintTypeName(finder: Finder, name: string, node: DefinitionNode): void {
  if (PASCAL_CASE.test(name)) return;
  report(finder, 'TYPE_NAMES_PASCAL_CASE', `Type '${name}' should be PascalCase`, name, node);
}

function lintDeprecation(
  finder: Finder,
  coordinate: string,
  directives: readonly ConstDirectiveNode[] | undefined,
): void {
  const deprecated = directives?.find((directive) => directive.name.value === 'deprecated');
  if (!deprecated) return;
  const reason = deprecated.arguments?.find((argument) => argument.name.value === 'reason')?.value;
  // graphql-js gives `@deprecated` without a reason the default "No longer supported": that is not a reason.
  if (reason && reason.kind === Kind.STRING && reason.value.trim().length > 0) return;
  report(
    finder,
    'DEPRECATION_REASON_REQUIRED',
    `'${coordinate}' is deprecated without a reason`,
    coordinate,
    deprecated,
  );
}
