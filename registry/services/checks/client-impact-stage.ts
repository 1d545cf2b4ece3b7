import { GraphQLSchema, parse, Source, type DocumentNode } from 'graphql';
import { diffSchemas } from '../../checks/classify-changes.js';
import { locateChanges } from '../../checks/locate-changes.js';
import type { CheckStage, CheckState } from './check-state.js';

const EMPTY_DOCUMENT: DocumentNode = { kind: 'Document' as DocumentNode['kind'], definitions: [] };

/**
 * The API schema of the proposed supergraph against the current one: what clients would see change. Changes
 * are located in the subgraph's SDL: the proposed one (file `<subgraph>`) or, for removals, the current one
 * (file `<subgraph> (current)`).
 */
export const clientImpactStage: CheckStage = {
  name: 'client-impact',
  async run(state: CheckState) {
    const { base, ctx } = state;
    const oldSchema = base.version
      ? ctx.composer.apiSchemaOfSupergraph(base.version.hash, base.version.sdl)
      : new GraphQLSchema({});
    const newSchema = state.composition ? state.composition.apiSchema() : new GraphQLSchema({});
    state.oldApiSchema = oldSchema;
    state.newApiSchema = newSchema;
    const changes = await diffSchemas(oldSchema, newSchema);
    const subgraph = state.proposal.subgraph;
    const current = base.subgraphs.find((s) => s.name === subgraph);
    state.changes = locateChanges(changes, {
      old: {
        file: `${subgraph} (current)`,
        document: current ? safeParse(current.sdl, subgraph) : EMPTY_DOCUMENT,
      },
      new: {
        file: subgraph,
        document:
          state.proposal.action === 'publish' ? safeParse(state.proposal.sdl, subgraph) : EMPTY_DOCUMENT,
      },
    });
    return 'continue';
  },
};

/** Stored and proposed SDL parsed before they got here; a failure only costs the locations. */
function safeParse(sdl: string, name: string): DocumentNode {
  try {
    return parse(new Source(sdl, name));
  } catch {
    return EMPTY_DOCUMENT;
  }
}
