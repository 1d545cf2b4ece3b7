/**
 * Starts the four example subgraphs, e.g. for docker-compose or the benchmark, and prints their URLs then a
 * `READY <url,url,…>` line. Configuration:
 *   ACCOUNTS_PORT, PRODUCTS_PORT, REVIEWS_PORT, INVENTORY_PORT (defaults 4001-4004), SUBGRAPH_HOST (127.0.0.1).
 */
import { EXAMPLE_SUBGRAPH_NAMES, startExampleSubgraphs, type ExampleSubgraphName } from './index.js';

const DEFAULT_PORTS: Record<ExampleSubgraphName, number> = {
  accounts: 4001,
  products: 4002,
  reviews: 4003,
  inventory: 4004,
};

function portFromEnv(name: ExampleSubgraphName): number {
  const variable = `${name.toUpperCase()}_PORT`;
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return DEFAULT_PORTS[name];
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`${variable} must be a port number between 0 and 65535, got "${raw}"`);
  }
  return port;
}

const ports = Object.fromEntries(EXAMPLE_SUBGRAPH_NAMES.map((name) => [name, portFromEnv(name)]));
const subgraphs = await startExampleSubgraphs({ host: process.env['SUBGRAPH_HOST'] ?? '127.0.0.1', ports });
for (const name of EXAMPLE_SUBGRAPH_NAMES) console.log(`${name} ${subgraphs.urls[name]}`);
// Process supervisors (bench/run.ts) wait for this line.
console.log(`READY ${EXAMPLE_SUBGRAPH_NAMES.map((name) => subgraphs.urls[name]).join(',')}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    subgraphs.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
