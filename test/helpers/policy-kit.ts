/**
 * The policy test kit: the real hub (`startHub`: the real pipeline, gateway and data sources) over the four
 * example subgraphs plus the field-authz `catalog` fixture, running a table of real `definePolicy` entries,
 * with every request a subgraph receives recorded (so a test proves what was, or was never, fetched).
 *
 * The kit's table is the hub's own with `auth` replaced by a stand-in defined the same way: it takes the
 * caller from the `x-test-principal` header (JSON), so tests choose the principal without an OpenID Provider.
 * Other rows can be replaced by name (a test's own variant of a policy).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { DeepPartial, HubConfigInput } from '../../hub/config/load-hub-config.js';
import { policyTable } from '../../hub/pipeline/table.js';
import { startHub, type RunningHub } from '../../hub/server.js';
import { setPrincipal } from '../../policies/contract/hub-context.js';
import {
  definePolicy,
  type PolicyDefinition,
  type PolicyTableEntry,
} from '../../policies/contract/policy.js';
import type { Principal } from '../../policies/contract/principal.js';
import {
  EXAMPLE_SUBGRAPH_NAMES,
  exampleSubgraphSdl,
  startExampleSubgraphs,
} from '../../subgraphs-example/index.js';
import { CATALOG_SDL, startCatalogSubgraph } from '../policies/field-authz/fixtures/catalog-subgraph.js';
import { composeSupergraph } from './compose-supergraph.js';
import {
  captureLogs,
  postGraphQL,
  tempDir,
  testHubConfig,
  type CapturedLogs,
  type GraphQLResult,
  type RecordedSubgraphRequest,
} from './hub.js';

export const TEST_PRINCIPAL_HEADER = 'x-test-principal';

export interface TestPrincipal {
  readonly subject?: string;
  readonly scopes?: readonly string[];
  readonly claims?: Readonly<Record<string, unknown>>;
}

/** A signed-in caller with these scopes and claims (subject `user-1`). */
export function principal(
  scopes: readonly string[] = [],
  claims: Record<string, unknown> = {},
): TestPrincipal {
  return { subject: 'user-1', scopes, claims: { sub: 'user-1', ...claims } };
}

/** The kit's `auth`: the principal from `x-test-principal`, anonymous without it. On by default. */
export const testAuthPolicy = definePolicy({
  name: 'auth',
  phase: 'context',
  enabledByDefault: true,
  options: z.strictObject({}),
  create: () => ({
    context: ({ context, http }) => {
      const raw = http.headers.get(TEST_PRINCIPAL_HEADER);
      if (raw === undefined) return;
      const given = JSON.parse(raw) as TestPrincipal;
      const caller: Principal = {
        subject: given.subject ?? 'user-1',
        clientId: undefined,
        scopes: new Set(given.scopes ?? []),
        issuer: 'https://issuer.test',
        claims: given.claims ?? {},
      };
      setPrincipal(context, caller);
    },
  }),
});

/** The hub's table with `auth` replaced by the kit's, and any row replaced by a definition of the same name. */
export function kitTable(
  replacements: readonly PolicyDefinition[] = [],
  added: readonly PolicyTableEntry[] = [],
): PolicyTableEntry[] {
  const byName = new Map<string, PolicyTableEntry>([['auth', testAuthPolicy]]);
  for (const replacement of replacements) byName.set(replacement.name, replacement);
  return [...policyTable.map((entry) => byName.get(entry.name) ?? entry), ...added];
}

export interface RunOptions {
  readonly principal?: TestPrincipal;
  readonly variables?: Record<string, unknown>;
  readonly operationName?: string;
  readonly headers?: Record<string, string>;
}

export interface PolicyKit {
  readonly hub: RunningHub;
  /** The GraphQL endpoint. */
  readonly url: string;
  readonly logs: CapturedLogs;
  /** Every request a subgraph received since the last `clearRequests()`. */
  readonly requests: readonly RecordedSubgraphRequest[];
  clearRequests(): void;
  /** Whether any subgraph was sent a query selecting `field` (matched as a whole word). */
  fetched(field: string): boolean;
  run(query: string, options?: RunOptions): Promise<GraphQLResult>;
  close(): Promise<void>;
}

export interface PolicyKitOptions {
  /** Hub configuration overrides (`authorization`, `limits`, `policies`, …); source and port are filled in. */
  readonly config?: DeepPartial<HubConfigInput>;
  /** Rows replacing the hub's by name (besides `auth`, always the kit's). */
  readonly replace?: readonly PolicyDefinition[];
  /** Rows added after the hub's (a test's own policies). */
  readonly add?: readonly PolicyTableEntry[];
  readonly env?: Record<string, string>;
}

export async function startPolicyKit({
  config = {},
  replace = [],
  add = [],
  env = {},
}: PolicyKitOptions = {}): Promise<PolicyKit> {
  const requests: RecordedSubgraphRequest[] = [];
  const subgraphs = await startExampleSubgraphs({ onRequest: (record) => requests.push(record) });
  const catalog = await startCatalogSubgraph((record) => requests.push({ subgraph: 'catalog', ...record }));
  const dir = await tempDir();
  const closeAll = () => Promise.all([subgraphs.close(), catalog.close(), dir.remove()]);
  const file = join(dir.path, 'supergraph.graphql');
  const { supergraphSdl } = composeSupergraph([
    ...EXAMPLE_SUBGRAPH_NAMES.map((name) => ({
      name,
      url: subgraphs.urls[name],
      sdl: exampleSubgraphSdl(name),
    })),
    { name: 'catalog', url: catalog.url, sdl: CATALOG_SDL },
  ]);
  await writeFile(file, supergraphSdl);
  const table = kitTable(replace, add);
  const logs = captureLogs('debug');
  let hub: RunningHub;
  try {
    hub = await startHub(testHubConfig({ ...config, supergraph: { file } }, env, table), {
      logger: logs.logger,
      policyTable: table,
    });
  } catch (error) {
    await closeAll();
    throw error;
  }
  const url = `${hub.url}/graphql`;
  return {
    hub,
    url,
    logs,
    requests,
    clearRequests: () => void requests.splice(0),
    fetched: (field) => requests.some((request) => new RegExp(`\\b${field}\\b`).test(request.query)),
    run: (query, { principal: caller, variables, operationName, headers = {} } = {}) =>
      postGraphQL(
        url,
        { query, ...(variables && { variables }), ...(operationName && { operationName }) },
        { ...(caller && { [TEST_PRINCIPAL_HEADER]: JSON.stringify(caller) }), ...headers },
      ),
    close: async () => {
      await hub.close();
      await closeAll();
    },
  };
}
