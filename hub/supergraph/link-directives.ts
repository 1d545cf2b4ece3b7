import {
  Kind,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type DocumentNode,
  type SchemaDefinitionNode,
  type SchemaExtensionNode,
} from 'graphql';

/**
 * Reading `@link` (https://specs.apollo.dev/link/v1.0) and the older `@core` (core/v0.2)
 * applications of a supergraph, and resolving the names a linked feature's elements have in the
 * document: `@ns` for the feature's root directive (`@cost`), `@ns__element` for its other
 * directives and types (`@cost__listSize`, `requiresScopes__Scope`), where `ns` is the `as:`
 * argument or the spec name from the URL, plus whatever `import:` brings in under its own name
 * or an `as:` alias (`{ name: "@authenticated", as: "@auth" }`).
 */

export type LinkPurpose = 'SECURITY' | 'EXECUTION';

export interface LinkedFeature {
  /** The URL as written, e.g. `https://specs.apollo.dev/cost/v0.1`. */
  readonly url: string;
  /** The URL without its version segment: what the spec is, regardless of version. */
  readonly identity: string;
  /** The spec name from the URL (`cost`); the default namespace. */
  readonly name: string;
  /** `v0.1`, or '' when the URL carries no version. */
  readonly version: string;
  /** Prefix of the feature's non-imported elements in this document: `as:` or `name`. */
  readonly namespace: string;
  readonly purpose: LinkPurpose | undefined;
  /** Imported element (`@listSize`, `Scope`) → its name in this document (`@listSize`, `Scope`). */
  readonly imports: ReadonlyMap<string, string>;
  /** The `@link` application itself, so a caller can remove it. */
  readonly node: ConstDirectiveNode;
}

const LINK_IDENTITY = 'https://specs.apollo.dev/link';
const CORE_IDENTITY = 'https://specs.apollo.dev/core';
const VERSION_SEGMENT = /^v\d+\.\d+$/;

interface ParsedFeatureUrl {
  identity: string;
  name: string;
  version: string;
}

function parseFeatureUrl(raw: string): ParsedFeatureUrl | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  const last = segments.at(-1) ?? '';
  const hasVersion = VERSION_SEGMENT.test(last);
  const pathSegments = hasVersion ? segments.slice(0, -1) : segments;
  return {
    identity: `${url.origin}/${pathSegments.join('/')}`,
    name: pathSegments.at(-1) ?? '',
    version: hasVersion ? last : '',
  };
}

function argumentValue(directive: ConstDirectiveNode, name: string): unknown {
  const argument = directive.arguments?.find((candidate) => candidate.name.value === name);
  return argument === undefined ? undefined : valueFromASTUntyped(argument.value);
}

function stringArgument(directive: ConstDirectiveNode, name: string): string | undefined {
  const value = argumentValue(directive, name);
  return typeof value === 'string' ? value : undefined;
}

/** `@link` takes the feature in `url:`, `@core` in `feature:`. */
function featureUrlArgument(directive: ConstDirectiveNode): string | undefined {
  return stringArgument(directive, 'url') ?? stringArgument(directive, 'feature');
}

function parsePurpose(directive: ConstDirectiveNode): LinkPurpose | undefined {
  const value = argumentValue(directive, 'for');
  return value === 'SECURITY' || value === 'EXECUTION' ? value : undefined;
}

function parseImports(directive: ConstDirectiveNode): Map<string, string> {
  const imports = new Map<string, string>();
  const value = argumentValue(directive, 'import');
  if (!Array.isArray(value)) return imports;
  for (const entry of value as unknown[]) {
    if (typeof entry === 'string') {
      imports.set(entry, entry);
    } else if (typeof entry === 'object' && entry !== null) {
      const { name, as } = entry as { name?: unknown; as?: unknown };
      if (typeof name === 'string') imports.set(name, typeof as === 'string' ? as : name);
    }
  }
  return imports;
}

function schemaDirectives(document: DocumentNode): ConstDirectiveNode[] {
  return document.definitions
    .filter(
      (definition): definition is SchemaDefinitionNode | SchemaExtensionNode =>
        definition.kind === Kind.SCHEMA_DEFINITION || definition.kind === Kind.SCHEMA_EXTENSION,
    )
    .flatMap((definition) => definition.directives ?? []);
}

/**
 * The name the link (or core) spec has in this document: the schema directive that links the
 * link spec itself under its own name (`@link(url: ".../link/v1.0")`, or `@l(url: ..., as: "l")`).
 */
function findLinkDirectiveName(directives: readonly ConstDirectiveNode[]): string | undefined {
  for (const directive of directives) {
    const raw = featureUrlArgument(directive);
    const url = raw === undefined ? undefined : parseFeatureUrl(raw);
    if (url?.identity !== LINK_IDENTITY && url?.identity !== CORE_IDENTITY) continue;
    const namespace = stringArgument(directive, 'as') ?? url.name;
    if (namespace === directive.name.value) return namespace;
  }
  return undefined;
}

/** Every feature the schema links, in document order; empty for a schema that is not a core schema. */
export function readLinkedFeatures(document: DocumentNode): LinkedFeature[] {
  const directives = schemaDirectives(document);
  const linkName = findLinkDirectiveName(directives);
  if (linkName === undefined) return [];
  const features: LinkedFeature[] = [];
  for (const directive of directives) {
    if (directive.name.value !== linkName) continue;
    const url = featureUrlArgument(directive);
    const parsed = url === undefined ? undefined : parseFeatureUrl(url);
    if (url === undefined || parsed === undefined) continue;
    features.push({
      url,
      ...parsed,
      namespace: stringArgument(directive, 'as') ?? parsed.name,
      purpose: parsePurpose(directive),
      imports: parseImports(directive),
      node: directive,
    });
  }
  return features;
}

/** `https://specs.apollo.dev/cost/v0.1` for `https://specs.apollo.dev/cost/v0.1#@listSize`. */
export function featureUrlBase(feature: LinkedFeature): string {
  return feature.version === '' ? feature.identity : `${feature.identity}/${feature.version}`;
}

/** A name in the document that denotes one element of a linked feature. */
export interface ResolvedElement {
  readonly feature: LinkedFeature;
  /** The element's name in its spec, without `@`: `listSize`, `Scope`. */
  readonly element: string;
}

/** Maps directive and type names found in a document back to the linked-feature elements they denote. */
export class LinkedNameResolver {
  readonly #importedDirectives = new Map<string, ResolvedElement>();
  readonly #importedTypes = new Map<string, ResolvedElement>();

  constructor(private readonly features: readonly LinkedFeature[]) {
    for (const feature of features) {
      for (const [element, local] of feature.imports) {
        if (element.startsWith('@')) {
          this.#importedDirectives.set(local.replace(/^@/, ''), { feature, element: element.slice(1) });
        } else {
          this.#importedTypes.set(local, { feature, element });
        }
      }
    }
  }

  /** `name` is a directive name without `@`. */
  directive(name: string): ResolvedElement | undefined {
    const imported = this.#importedDirectives.get(name);
    if (imported !== undefined) return imported;
    for (const feature of this.features) {
      if (name === feature.namespace) return { feature, element: feature.name };
      const element = this.#namespacedElement(feature, name);
      if (element !== undefined) return { feature, element };
    }
    return undefined;
  }

  type(name: string): ResolvedElement | undefined {
    const imported = this.#importedTypes.get(name);
    if (imported !== undefined) return imported;
    for (const feature of this.features) {
      const element = this.#namespacedElement(feature, name);
      if (element !== undefined) return { feature, element };
    }
    return undefined;
  }

  #namespacedElement(feature: LinkedFeature, name: string): string | undefined {
    const prefix = `${feature.namespace}__`;
    return name.startsWith(prefix) && name.length > prefix.length ? name.slice(prefix.length) : undefined;
  }
}

/** The name (without `@`) under which `feature`'s directive `element` appears in the document. */
export function localDirectiveName(feature: LinkedFeature, element: string): string {
  const imported = feature.imports.get(`@${element}`);
  if (imported !== undefined) return imported.replace(/^@/, '');
  return element === feature.name ? feature.namespace : `${feature.namespace}__${element}`;
}
