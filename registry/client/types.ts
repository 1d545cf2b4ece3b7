// Shapes of the registry's HTTP API, as documented in docs/registry-api.md.
import type { CheckReport } from '../checks/check-report.js';

export type TokenRole = 'admin' | 'publisher' | 'reader';

export interface SubgraphSummary {
  name: string;
  routingUrl: string;
  sdlHash: string;
  updatedAt: string;
  publishedBy: string;
  ownerTeam: string | null;
  ownerContact: string | null;
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
  team: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export interface GateBypass {
  kind: 'approved' | 'forced';
  checkId: string;
  by: string;
  reason: string | null;
}

/** Publishing is an expected success or an expected rejection (composition, failed check); all are values. */
export type PublishOutcome =
  | {
      status: 'published';
      version: VersionSummary;
      created: boolean;
      checkId: string;
      bypass: GateBypass | null;
    }
  | { status: 'unchanged'; version: VersionSummary }
  | { status: 'rejected'; errors: CompositionError[] }
  | { status: 'blocked'; checkId: string; report: CheckReport };

export interface PublishInput {
  sdl: string;
  routingUrl: string;
  ownerTeam?: string | undefined;
  ownerContact?: string | undefined;
  force?: boolean | undefined;
  reason?: string | undefined;
}

export type {
  AuditEntry,
  ChangelogEntry,
  CheckApproval,
  GraphLintConfig,
  SchemaCheck,
  SchemaCheckSummary,
} from '../api-types.js';

export type DeleteOutcome =
  { status: 'deleted'; version: VersionSummary | null } | { status: 'rejected'; errors: CompositionError[] };

export type SupergraphFetch =
  | { status: 'ok'; etag: string | null; supergraph: SupergraphVersion }
  | { status: 'not-modified'; etag: string };
