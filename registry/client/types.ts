// Shapes of the registry's HTTP API, as documented in docs/registry-api.md.

export type TokenRole = 'admin' | 'publisher' | 'reader';

export interface SubgraphSummary {
  name: string;
  routingUrl: string;
  sdlHash: string;
  updatedAt: string;
  publishedBy: string;
}

export interface SubgraphDetail extends SubgraphSummary {
  sdl: string;
}

export interface VersionSummary {
  version: number;
  hash: string;
  createdAt: string;
  publishedBy: string;
  change: { action: 'publish' | 'delete'; subgraph: string };
  subgraphs: { name: string; routingUrl: string; sdlHash: string }[];
}

export interface SupergraphVersion extends VersionSummary {
  supergraphSdl: string;
}

export interface CompositionErrorLocation {
  subgraph: string | null;
  line: number;
  column: number;
}

export interface CompositionError {
  message: string;
  code: string;
  locations: CompositionErrorLocation[];
}

export interface GraphSummary {
  name: string;
  createdAt: string;
  variants: string[];
}

export interface TokenInfo {
  id: string;
  name: string;
  role: TokenRole;
  subgraphs: string[] | null;
  createdAt: string;
  revokedAt: string | null;
}

/** Publishing is an expected success or an expected rejection; both are values. */
export type PublishOutcome =
  | { status: 'published'; version: VersionSummary; created: boolean }
  | { status: 'unchanged'; version: VersionSummary }
  | { status: 'rejected'; errors: CompositionError[] };

export type DeleteOutcome =
  | { status: 'deleted'; version: VersionSummary | null }
  | { status: 'rejected'; errors: CompositionError[] };

export type SupergraphFetch =
  | { status: 'ok'; etag: string | null; supergraph: SupergraphVersion }
  | { status: 'not-modified'; etag: string };
