import { Kind, visit, type DocumentNode } from 'graphql';

/**
 * What an SDL file holds, which decides how it is built:
 * - `supergraph`: links the join spec (composition output); compared on its API schema.
 * - `subgraph`: links the federation spec, or applies federation directives it does not define (Federation 1);
 *   built by federation-internals so `@key`, `@shareable`… need no definitions.
 * - `schema`: anything else, built by graphql-js.
 */
export type SdlKind = 'schema' | 'subgraph' | 'supergraph';

const JOIN_SPEC = /^https:\/\/specs\.apollo\.dev\/join\//;
const FEDERATION_SPEC = /^https:\/\/specs\.apollo\.dev\/federation\//;

/** Directives a Federation 1 subgraph applies without defining them. */
const FEDERATION_1_DIRECTIVES: ReadonlySet<string> = new Set([
  'key',
  'extends',
  'external',
  'requires',
  'provides',
  'shareable',
  'inaccessible',
  'override',
  'tag',
]);
const MAY_USE_FEDERATION_1 =
  /@(?:key|extends|external|requires|provides|shareable|inaccessible|override|tag)\b/;

export function detectSdlKind(document: DocumentNode, sdl: string): SdlKind {
  const linked = linkedSpecUrls(document);
  if (linked.some((url) => JOIN_SPEC.test(url))) return 'supergraph';
  if (linked.some((url) => FEDERATION_SPEC.test(url))) return 'subgraph';
  // A cheap textual test first: most plain schemas never mention a federation directive.
  if (MAY_USE_FEDERATION_1.test(sdl) && appliesUndefinedFederationDirective(document)) return 'subgraph';
  return 'schema';
}

/** `url:` (link) and `feature:` (core, in Federation 1 supergraphs) arguments on the schema definition. */
function linkedSpecUrls(document: DocumentNode): string[] {
  const urls: string[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const directive of definition.directives ?? []) {
      for (const argument of directive.arguments ?? []) {
        const isUrl = argument.name.value === 'url' || argument.name.value === 'feature';
        if (isUrl && argument.value.kind === Kind.STRING) urls.push(argument.value.value);
      }
    }
  }
  return urls;
}

function appliesUndefinedFederationDirective(document: DocumentNode): boolean {
  const defined = new Set(
    document.definitions.flatMap((definition) =>
      definition.kind === Kind.DIRECTIVE_DEFINITION ? [definition.name.value] : [],
    ),
  );
  let found = false;
  visit(document, {
    Directive(node) {
      if (FEDERATION_1_DIRECTIVES.has(node.name.value) && !defined.has(node.name.value)) found = true;
    },
  });
  return found;
}
