// Shortcuts for the usage end-to-end tests: publish the example graph to a registry over HTTP, create tokens,
// read the usage reports, and send GraphQL requests as a named client.
import { EXAMPLE_SUBGRAPH_NAMES, exampleSubgraphSdl } from '../../subgraphs-example/index.js';
import type { StartedSubgraphs } from '../../subgraphs-example/index.js';

async function call(url: string, token: string, method: string, body?: unknown): Promise<Response> {
  return fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Creates the graph and publishes the four example subgraphs to `graph@variant`. */
export async function publishExampleGraph(
  registryUrl: string,
  adminToken: string,
  ref: string,
  subgraphs: StartedSubgraphs,
): Promise<void> {
  const [graph = ref, variant = 'current'] = ref.split('@');
  await call(`${registryUrl}/v1/graphs`, adminToken, 'POST', { name: graph });
  for (const name of EXAMPLE_SUBGRAPH_NAMES) {
    const answer = await call(
      `${registryUrl}/v1/graphs/${graph}/variants/${variant}/subgraphs/${name}`,
      adminToken,
      'POST',
      { sdl: exampleSubgraphSdl(name), routingUrl: subgraphs.urls[name] },
    );
    if (!answer.ok) throw new Error(`publishing ${name} failed: ${answer.status} ${await answer.text()}`);
  }
}

export async function createRegistryToken(
  registryUrl: string,
  adminToken: string,
  role: 'usage' | 'reader',
): Promise<string> {
  const answer = await call(`${registryUrl}/v1/tokens`, adminToken, 'POST', { name: `${role}-e2e`, role });
  if (answer.status !== 201) throw new Error(`creating a token failed: ${await answer.text()}`);
  return ((await answer.json()) as { secret: string }).secret;
}

/** GET a usage report: `fields/Type.field`, `deprecated`, `unused`, `denials`. */
export async function usageReport<T = Record<string, unknown>>(
  registryUrl: string,
  token: string,
  ref: string,
  report: string,
): Promise<T> {
  const [graph = ref, variant = 'current'] = ref.split('@');
  const answer = await call(
    `${registryUrl}/v1/graphs/${graph}/variants/${variant}/usage/${report}`,
    token,
    'GET',
  );
  if (!answer.ok) throw new Error(`usage report ${report}: ${answer.status} ${await answer.text()}`);
  return (await answer.json()) as T;
}

export interface ClientUsageRow {
  client: string;
  version: string;
  count: number;
}

/** `{ "web 1.0": 3, … }` of a field report. */
export function countsByClient(report: { clients: ClientUsageRow[] }): Record<string, number> {
  return Object.fromEntries(report.clients.map((row) => [`${row.client} ${row.version}`, row.count]));
}

export async function queryAs(
  hubUrl: string,
  client: { name: string; version: string },
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ status: number; body: { data?: unknown; errors?: unknown[] } }> {
  const response = await fetch(`${hubUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'apollographql-client-name': client.name,
      'apollographql-client-version': client.version,
    },
    body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: unknown[] } };
}
