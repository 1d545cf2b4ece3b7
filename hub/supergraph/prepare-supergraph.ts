import { DEFAULT_SUPPORTED_SUPERGRAPH_FEATURES } from '@apollo/federation-internals';
import {
  Kind,
  parse,
  print,
  valueFromASTUntyped,
  visit,
  type ASTNode,
  type DirectiveNode,
  type DocumentNode,
  type NameNode,
} from 'graphql';
import type {
  DirectiveArguments,
  DirectiveMetadata,
  SpecDirective,
} from '../../policies/contract/spec-directive.js';
import { declaredSpecs, type DeclaredSpecs } from './declared-specs.js';
import { DirectiveMetadataBuilder, EMPTY_DIRECTIVE_METADATA } from './directive-metadata.js';
import { readFieldOwners, type FieldOwner } from './field-owners.js';
import {
  featureUrlBase,
  localDirectiveName,
  LinkedNameResolver,
  readLinkedFeatures,
  type LinkedFeature,
  type ResolvedElement,
} from './link-directives.js';
import { supergraphHash } from './supergraph-hash.js';

/**
 * `@apollo/gateway` refuses supergraphs that link the authenticated, requiresScopes, policy and
 * cost specs. The hub's policies enforce those themselves: each declares the spec directives it reads
 * (`SpecDirective`), and this reads their applications into `directives` and hands the gateway a copy
 * without them. Links the gateway would refuse and no policy understands are an error, never silently
 * dropped: that would turn off a security feature. The join metadata gives `fieldOwner`.
 */

export { DuplicateDirectiveError } from './directive-metadata.js';
export { InvalidDirectiveArgumentError } from '../../policies/contract/spec-directive.js';

export interface PreparedSupergraph {
  /** sha256 hex of the original SDL. */
  readonly hash: string;
  /** The SDL as composed. */
  readonly supergraphSdl: string;
  /** The SDL for `new ApolloGateway({ supergraphSdl })`: hub-enforced links, directives and types removed. */
  readonly gatewaySdl: string;
  /** The values of the declared spec directives, by declaration and coordinate. */
  readonly directives: DirectiveMetadata;
  /** The subgraphs resolving `Type.field` (join metadata). */
  readonly fieldOwner: FieldOwner;
}

export class UnsupportedSupergraphFeatureError extends Error {
  override readonly name = 'UnsupportedSupergraphFeatureError';
  constructor(
    readonly feature: string,
    reason: string,
  ) {
    super(`Supergraph feature ${feature} ${reason}`);
  }
}

const JOIN_IDENTITY = 'https://specs.apollo.dev/join';

/** A hub-enforced directive application: plain `@requiresScopes(...)` or `@join__directive(name: "requiresScopes", args: {...})`. */
interface EnforcedApplication {
  readonly resolved: ResolvedElement;
  readonly args: DirectiveArguments;
}

function assertGatewayOrHubUnderstands(features: readonly LinkedFeature[], specs: DeclaredSpecs): void {
  for (const feature of features) {
    const enforced = specs.get(feature.identity);
    if (enforced !== undefined) {
      if (!enforced.versions.has(feature.version)) {
        const known = [...enforced.versions].join(', ');
        throw new UnsupportedSupergraphFeatureError(
          feature.url,
          `is a version the hub does not enforce (known: ${known})`,
        );
      }
    } else if (
      feature.purpose !== undefined &&
      !DEFAULT_SUPPORTED_SUPERGRAPH_FEATURES.has(featureUrlBase(feature))
    ) {
      throw new UnsupportedSupergraphFeatureError(
        feature.url,
        `is for: ${feature.purpose} but neither @apollo/gateway nor the hub supports it`,
      );
    }
  }
}

function argumentsOf(directive: DirectiveNode): DirectiveArguments {
  return Object.fromEntries(
    (directive.arguments ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value)]),
  );
}

/** Finds hub-enforced directive applications, whether applied directly or wrapped in `@join__directive`. */
class EnforcedApplicationFinder {
  readonly #resolver: LinkedNameResolver;
  readonly #joinDirectiveName: string | undefined;

  constructor(features: readonly LinkedFeature[], enforced: readonly LinkedFeature[]) {
    this.#resolver = new LinkedNameResolver(enforced);
    const join = features.find((feature) => feature.identity === JOIN_IDENTITY);
    this.#joinDirectiveName = join === undefined ? undefined : localDirectiveName(join, 'directive');
  }

  find(directive: DirectiveNode): EnforcedApplication | undefined {
    const name = directive.name.value;
    if (name === this.#joinDirectiveName) return this.#findInJoinDirective(directive);
    const resolved = this.#resolver.directive(name);
    return resolved === undefined ? undefined : { resolved, args: argumentsOf(directive) };
  }

  ownsDirectiveDefinition(name: string): boolean {
    return this.#resolver.directive(name) !== undefined;
  }

  ownsType(name: string): boolean {
    return this.#resolver.type(name) !== undefined;
  }

  #findInJoinDirective(directive: DirectiveNode): EnforcedApplication | undefined {
    const { name, args } = argumentsOf(directive);
    if (typeof name !== 'string') return undefined;
    const resolved = this.#resolver.directive(name.replace(/^@/, ''));
    if (resolved === undefined) return undefined;
    const wrapped = typeof args === 'object' && args !== null ? (args as DirectiveArguments) : {};
    return { resolved, args: wrapped };
  }
}

function isNode(value: ASTNode | readonly ASTNode[]): value is ASTNode {
  return !Array.isArray(value);
}

/** Nodes that name the owner of a coordinate: `Type` or `@directive`. */
const TYPE_SYSTEM_OWNER_KINDS: ReadonlySet<Kind> = new Set([
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.OBJECT_TYPE_EXTENSION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_EXTENSION,
  Kind.UNION_TYPE_DEFINITION,
  Kind.UNION_TYPE_EXTENSION,
  Kind.ENUM_TYPE_DEFINITION,
  Kind.ENUM_TYPE_EXTENSION,
  Kind.SCALAR_TYPE_DEFINITION,
  Kind.SCALAR_TYPE_EXTENSION,
  Kind.INPUT_OBJECT_TYPE_DEFINITION,
  Kind.INPUT_OBJECT_TYPE_EXTENSION,
  Kind.DIRECTIVE_DEFINITION,
]);

function nameOf(node: ASTNode): string | undefined {
  return 'name' in node && node.name !== undefined ? node.name.value : undefined;
}

/**
 * The schema coordinate of the element a directive is applied to, from the visitor's ancestors:
 * `Type`, `Type.field`, `Type.field(arg:)`, `Input.field`, `Enum.VALUE` or `@directive(arg:)`.
 */
function coordinateOf(ancestors: readonly (ASTNode | readonly ASTNode[])[]): string | undefined {
  let owner: string | undefined;
  const members: string[] = [];
  for (const node of ancestors.filter(isNode)) {
    const name = nameOf(node);
    if (name === undefined) continue;
    if (TYPE_SYSTEM_OWNER_KINDS.has(node.kind)) {
      owner = node.kind === Kind.DIRECTIVE_DEFINITION ? `@${name}` : name;
    } else if (
      node.kind === Kind.FIELD_DEFINITION ||
      node.kind === Kind.ENUM_VALUE_DEFINITION ||
      node.kind === Kind.INPUT_VALUE_DEFINITION
    ) {
      members.push(name);
    }
  }
  if (owner === undefined) return undefined;
  const [member, argument] = owner.startsWith('@') ? [undefined, members[0]] : members;
  if (argument !== undefined)
    return member === undefined ? `${owner}(${argument}:)` : `${owner}.${member}(${argument}:)`;
  return member === undefined ? owner : `${owner}.${member}`;
}

function collectMetadata(
  document: DocumentNode,
  finder: EnforcedApplicationFinder,
  specs: DeclaredSpecs,
): DirectiveMetadata {
  const metadata = new DirectiveMetadataBuilder();
  visit(document, {
    Directive(node, _key, _parent, _path, ancestors) {
      const application = finder.find(node);
      if (application === undefined) return;
      const { feature, element } = application.resolved;
      const readers = specs.get(feature.identity)?.directives.get(element);
      if (readers === undefined) {
        throw new UnsupportedSupergraphFeatureError(
          feature.url,
          `has a directive @${element} the hub does not enforce`,
        );
      }
      const coordinate = coordinateOf(ancestors);
      if (coordinate === undefined) {
        throw new UnsupportedSupergraphFeatureError(
          feature.url,
          `has @${element} applied to the schema itself`,
        );
      }
      for (const reader of readers) {
        metadata.record(reader, coordinate, reader.read(application.args, coordinate));
      }
    },
  });
  return metadata.build();
}

function stripEnforced(
  document: DocumentNode,
  finder: EnforcedApplicationFinder,
  links: ReadonlySet<DirectiveNode>,
): DocumentNode {
  const stripOwnedType = (node: { name: NameNode }): null | undefined =>
    finder.ownsType(node.name.value) ? null : undefined;
  return visit(document, {
    Directive: (node) => (links.has(node) || finder.find(node) !== undefined ? null : undefined),
    DirectiveDefinition: (node) => (finder.ownsDirectiveDefinition(node.name.value) ? null : undefined),
    ScalarTypeDefinition: stripOwnedType,
    ObjectTypeDefinition: stripOwnedType,
    InterfaceTypeDefinition: stripOwnedType,
    UnionTypeDefinition: stripOwnedType,
    EnumTypeDefinition: stripOwnedType,
    InputObjectTypeDefinition: stripOwnedType,
  });
}

/**
 * Prepares one supergraph for the gateway, reading the directives the policies declared. `directives` is
 * every declaration of the policy table (`directivesOf(table)`), enabled policies or not: a supergraph using a
 * spec is served whether or not the policy enforcing it is on (the hub warns when it is off).
 */
export function prepareSupergraph(
  supergraphSdl: string,
  directives: readonly SpecDirective<unknown>[],
): PreparedSupergraph {
  const hash = supergraphHash(supergraphSdl);
  const document = parse(supergraphSdl);
  const features = readLinkedFeatures(document);
  const specs = declaredSpecs(directives);
  assertGatewayOrHubUnderstands(features, specs);
  const fieldOwner = readFieldOwners(document, features);
  const enforced = features.filter((feature) => specs.has(feature.identity));
  if (enforced.length === 0) {
    return Object.freeze({
      hash,
      supergraphSdl,
      gatewaySdl: supergraphSdl,
      directives: EMPTY_DIRECTIVE_METADATA,
      fieldOwner,
    });
  }
  const finder = new EnforcedApplicationFinder(features, enforced);
  const metadata = collectMetadata(document, finder, specs);
  const gatewaySdl = print(stripEnforced(document, finder, new Set(enforced.map((feature) => feature.node))));
  return Object.freeze({ hash, supergraphSdl, gatewaySdl, directives: metadata, fieldOwner });
}
