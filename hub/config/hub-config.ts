/** The validated, frozen hub configuration that `loadHubConfig` returns and `startHub` takes. */
import type { IntrospectionMode } from '../../policies/contract/hub-settings.js';
import type { ClientRecordSet } from '../../lib/client-records.js';
import type { PoliciesConfig } from '../pipeline/assemble-pipeline.js';
import type { MetricsConfig, TracingConfig } from './observability-schema.js';

export type { MetricsConfig, TracingConfig } from './observability-schema.js';

export type { IntrospectionMode };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface ServerConfig {
  readonly host: string;
  /** 0 picks an ephemeral port. */
  readonly port: number;
  readonly graphqlPath: string;
  readonly bodyLimitBytes: number;
  /** A larger response is replaced by RESPONSE_TOO_LARGE (400). */
  readonly maxResponseBytes: number;
  readonly csrfPrevention: boolean;
  /** How long `close()` waits for in-flight requests before cutting connections. */
  readonly shutdownTimeoutMs: number;
  /**
   * Address ranges of the proxies in front of the hub: from them, the caller's address is taken from
   * `X-Forwarded-For` (the last address not in these ranges); from anyone else the header is ignored.
   */
  readonly trustedProxies: readonly string[];
}

export interface RegistrySourceConfig {
  /** Registry base URL, without `/v1`. */
  readonly url: string;
  /** `graph@variant`, the variant defaulting to `current`. */
  readonly graphRef: string;
  readonly graphName: string;
  readonly variant: string;
  /** Reader token; never logged. */
  readonly token: string;
  readonly pollIntervalMs: number;
  readonly timeoutMs: number;
  /** Ceiling of the exponential backoff after failed polls. */
  readonly maxBackoffMs: number;
}

export type SupergraphSourceConfig =
  | { readonly source: 'registry'; readonly registry: RegistrySourceConfig }
  | { readonly source: 'file'; readonly file: string };

/**
 * What of a subgraph's errors reaches clients. `passthrough`: everything the subgraph sent. `mask`: the message,
 * `code` and the extensions listed in `allowExtensions`; the original is logged with the request id.
 */
export interface SubgraphErrorPolicy {
  readonly mode: 'mask' | 'passthrough';
  readonly allowExtensions: readonly string[];
}

/** How the hub talks to subgraphs. */
export interface SubgraphsConfig {
  /** A subgraph fetch without a complete answer after this long fails with SUBGRAPH_UNAVAILABLE. */
  readonly timeoutMs: number;
  /** A larger answer fails that fetch with SUBGRAPH_RESPONSE_TOO_LARGE; the hub reads no further. */
  readonly maxResponseBytes: number;
  /** Default: `mask` when `maskErrors`, else `passthrough`; no extension allowed. */
  readonly errors: SubgraphErrorPolicy;
  /** By subgraph name, fully resolved (an override inherits what it does not set). */
  readonly overrides: Readonly<Record<string, { readonly errors: SubgraphErrorPolicy }>>;
  /** Identical query fetches to one subgraph in flight at once share one request (hub/datasource/in-flight-fetches.ts). */
  readonly deduplicateInFlight: boolean;
}

/** Bounds on the work one GraphQL document may cause before it runs (see docs/configuration.md). */
export interface OperationsConfig {
  /** graphql-js `maxTokens`: a longer document fails to parse (GRAPHQL_PARSE_FAILED), before validation. */
  readonly maxTokens: number;
  /** Field selections, fragments expanded, checked before query planning (OPERATION_TOO_LARGE). */
  readonly maxSelections: number;
  /**
   * Identical operations in flight at once, from callers the hub cannot tell apart for authorization, share one
   * execution (hub/graphql/shared-executions.ts); each request still passes every policy itself.
   */
  readonly deduplicateInFlight: boolean;
  /**
   * Who executes the gateway's query plans: `hub` (hub/graphql/plan-executor/) or `gateway` (@apollo/gateway's
   * own `executeQueryPlan`), the switch back should the hub's ever answer differently.
   */
  readonly executor: 'hub' | 'gateway';
}

/**
 * Where the client records come from: the registry the supergraph comes from (same URL, token, interval), or
 * the configuration file's `clients.records` for a hub serving a supergraph file.
 */
export type ClientRecordsConfig =
  | { readonly source: 'registry'; readonly registry: RegistrySourceConfig }
  | { readonly source: 'config'; readonly set: ClientRecordSet };

export interface HubConfig {
  readonly server: ServerConfig;
  readonly supergraph: SupergraphSourceConfig;
  readonly lastKnownGood: { readonly dir: string };
  readonly introspection: IntrospectionMode;
  readonly subgraphs: SubgraphsConfig;
  readonly operations: OperationsConfig;
  readonly clients: ClientRecordsConfig;
  readonly maskErrors: boolean;
  /** Every policy's settings; the policies' top-level keys (`auth`, `authorization`, `limits`, …) end up here. */
  readonly policies: PoliciesConfig;
  readonly logLevel: LogLevel;
  /** `GET /metrics` (Prometheus): where, and which operation names are label values. */
  readonly metrics: MetricsConfig;
  /** OpenTelemetry traces over OTLP/HTTP; off by default. */
  readonly tracing: TracingConfig;
}
