export { EXAMPLE_SUBGRAPH_NAMES, type ExampleSubgraphName } from './subgraph-names.js';
export { exampleSchemaPath, exampleSubgraphSdl } from './schema-files.js';
export { exampleManifestPath } from './example-manifest.js';
export { buildExampleSchema } from './subgraph-schemas.js';
export {
  startExampleSubgraphs,
  type StartExampleSubgraphsOptions,
  type StartedSubgraphs,
  type SubgraphRequestRecord,
} from './start-example-subgraphs.js';
