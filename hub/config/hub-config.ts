/** The validated, frozen hub configuration that `loadHubConfig` returns and `startHub` takes. */
import type { PoliciesConfig } from '../pipeline/assemble-pipeline.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface ServerConfig {
  readonly host: string;
  /** 0 picks an ephemeral port. */
  readonly port: number;
  readonly graphqlPath: string;
  readonly bodyLimitBytes: number;
  readonly csrfPrevention: boolean;
  /** How long `close()` waits for in-flight requests before cutting connections. */
  readonly shutdownTimeoutMs: number;
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

export interface HubConfig {
  readonly server: ServerConfig;
  readonly supergraph: SupergraphSourceConfig;
  readonly lastKnownGood: { readonly dir: string };
  readonly introspection: boolean;
  readonly maskErrors: boolean;
  readonly policies: PoliciesConfig;
  readonly logLevel: LogLevel;
}
