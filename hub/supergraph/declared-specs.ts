/**
 * The linked specs the hub understands besides what `@apollo/gateway` does: those whose directives some policy
 * of the table declared (`SpecDirective`). Per spec: the versions every declaring policy understands, and per
 * directive the declarations that read it.
 */
import type { SpecDirective } from '../../policies/contract/spec-directive.js';

export interface DeclaredSpec {
  readonly versions: ReadonlySet<string>;
  /** Directive name in the spec → the declarations reading it. */
  readonly directives: ReadonlyMap<string, readonly SpecDirective<unknown>[]>;
}

export type DeclaredSpecs = ReadonlyMap<string, DeclaredSpec>;

export function declaredSpecs(directives: readonly SpecDirective<unknown>[]): DeclaredSpecs {
  const specs = new Map<
    string,
    { versions: Set<string>; directives: Map<string, SpecDirective<unknown>[]> }
  >();
  for (const directive of directives) {
    let spec = specs.get(directive.spec);
    if (spec === undefined) {
      spec = { versions: new Set(directive.versions), directives: new Map() };
      specs.set(directive.spec, spec);
    } else {
      // A version one reader does not understand is one the hub does not understand.
      for (const version of spec.versions)
        if (!directive.versions.includes(version)) spec.versions.delete(version);
    }
    const readers = spec.directives.get(directive.name) ?? [];
    if (!readers.includes(directive)) readers.push(directive);
    spec.directives.set(directive.name, readers);
  }
  return specs;
}
