import type { ListSizeSpec, SupergraphMetadataBuilder } from './metadata.js';

/**
 * The linked specs whose directives the hub enforces itself (auth, field authorization, cost
 * limits) and strips before `@apollo/gateway` sees the supergraph, which refuses them. Each
 * directive has a recorder that checks its arguments and writes them into the metadata; a spec
 * version or directive missing from this table is one the hub does not understand.
 */

export type DirectiveArguments = Readonly<Record<string, unknown>>;

type DirectiveRecorder = (
  metadata: SupergraphMetadataBuilder,
  coordinate: string,
  args: DirectiveArguments,
) => void;

export interface HubEnforcedSpec {
  readonly versions: ReadonlySet<string>;
  /** Directive element name (without `@`) → how to record one application. */
  readonly directives: Readonly<Record<string, DirectiveRecorder>>;
}

export class InvalidDirectiveArgumentError extends Error {
  override readonly name = 'InvalidDirectiveArgumentError';
  constructor(
    readonly directive: string,
    readonly coordinate: string,
    readonly argument: string,
    expected: string,
  ) {
    super(`@${directive} on ${coordinate}: argument "${argument}" must be ${expected}`);
  }
}

function stringSets(
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

function optionalStrings(
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
function optionalInt(
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

function requiredInt(directive: string, coordinate: string, args: DirectiveArguments, name: string): number {
  const value = optionalInt(directive, coordinate, args, name);
  if (value === null) throw new InvalidDirectiveArgumentError(directive, coordinate, name, 'an integer');
  return value;
}

function readListSize(coordinate: string, args: DirectiveArguments): ListSizeSpec {
  const requireOne = args['requireOneSlicingArgument'];
  if (requireOne != null && typeof requireOne !== 'boolean') {
    throw new InvalidDirectiveArgumentError('listSize', coordinate, 'requireOneSlicingArgument', 'a boolean');
  }
  return {
    assumedSize: optionalInt('listSize', coordinate, args, 'assumedSize'),
    slicingArguments: optionalStrings('listSize', coordinate, args, 'slicingArguments'),
    sizedFields: optionalStrings('listSize', coordinate, args, 'sizedFields'),
    // The spec's default (`requireOneSlicingArgument: Boolean = true`).
    requireOneSlicingArgument: requireOne ?? true,
  };
}

export const HUB_ENFORCED_SPECS: ReadonlyMap<string, HubEnforcedSpec> = new Map<string, HubEnforcedSpec>([
  [
    'https://specs.apollo.dev/authenticated',
    {
      versions: new Set(['v0.1']),
      directives: { authenticated: (metadata, coordinate) => metadata.addAuthenticated(coordinate) },
    },
  ],
  [
    'https://specs.apollo.dev/requiresScopes',
    {
      versions: new Set(['v0.1']),
      directives: {
        requiresScopes: (metadata, coordinate, args) =>
          metadata.addRequiresScopes(coordinate, stringSets('requiresScopes', coordinate, args, 'scopes')),
      },
    },
  ],
  [
    'https://specs.apollo.dev/policy',
    {
      versions: new Set(['v0.1']),
      directives: {
        policy: (metadata, coordinate, args) =>
          metadata.addPolicies(coordinate, stringSets('policy', coordinate, args, 'policies')),
      },
    },
  ],
  [
    'https://specs.apollo.dev/cost',
    {
      versions: new Set(['v0.1']),
      directives: {
        cost: (metadata, coordinate, args) =>
          metadata.addCost(coordinate, requiredInt('cost', coordinate, args, 'weight')),
        listSize: (metadata, coordinate, args) =>
          metadata.addListSize(coordinate, readListSize(coordinate, args)),
      },
    },
  ],
]);
