import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ExampleSubgraphName } from './subgraph-names.js';

/**
 * Where `<name>/schema.graphql` may live relative to this module: next to it when running the
 * TypeScript sources, or back in the source tree when running from `dist/subgraphs-example/`,
 * because `tsc` does not copy `.graphql` files.
 */
function candidateSchemaUrls(name: ExampleSubgraphName): URL[] {
  return [
    new URL(`./${name}/schema.graphql`, import.meta.url),
    new URL(`../../subgraphs-example/${name}/schema.graphql`, import.meta.url),
  ];
}

/** Absolute path of the SDL file the CLI publishes for an example subgraph. */
export function exampleSchemaPath(name: ExampleSubgraphName): string {
  const candidates = candidateSchemaUrls(name).map((url) => fileURLToPath(url));
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined) {
    throw new Error(
      `schema.graphql of example subgraph "${name}" not found; looked in ${candidates.join(', ')}`,
    );
  }
  return found;
}

const sdlByName = new Map<ExampleSubgraphName, string>();

/** The text of `<name>/schema.graphql`, read once. */
export function exampleSubgraphSdl(name: ExampleSubgraphName): string {
  let sdl = sdlByName.get(name);
  if (sdl === undefined) {
    sdl = readFileSync(exampleSchemaPath(name), 'utf8');
    sdlByName.set(name, sdl);
  }
  return sdl;
}
