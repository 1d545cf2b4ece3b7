// The client's view of the registry API (docs/registry-api.md). The JSON shapes are the server's own
// (`registry/api-types.ts`, type-only imports); what is defined here are the client's outcome unions, which turn
// expected rejections (composition failed, check failed) into values.
import type { CheckReport } from '../../registry/checks/check-report.js';
import type {
  CompositionError,
  GateBypass,
  IgnoredApproval,
  Subgraph,
  SubgraphWithSdl,
  SupergraphVersion,
  VersionSummary,
} from '../../registry/api-types.js';

export type {
  AuditEntry,
  ChangelogEntry,
  CheckApproval,
  CompositionError,
  GateBypass,
  GraphLintConfig,
  GraphSummary,
  IgnoredApproval,
  SchemaCheck,
  SchemaCheckSummary,
  SubgraphOwner,
  SupergraphVersion,
  TokenInfo,
  TokenRole,
  VariantInfo,
  VersionSummary,
} from '../../registry/api-types.js';

export type {
  ClientUsage,
  DeprecatedElementUsage,
  DeprecatedUsageReport,
  DenialUsage,
  DenialsUsageReport,
  FieldUsageReport,
  OperationUsage,
  UnusedUsageReport,
} from '../../registry/usage-types.js';

export type SubgraphSummary = Subgraph;
export type SubgraphDetail = SubgraphWithSdl;

/** Publishing is an expected success or an expected rejection (composition, failed check); all are values. */
export type PublishOutcome =
  | {
      status: 'published';
      version: VersionSummary;
      created: boolean;
      variantCreated: boolean;
      checkId: string;
      bypass: GateBypass | null;
    }
  | { status: 'unchanged'; version: VersionSummary }
  | CompositionRejection
  | GateRefusal;

/** A publish or delete refused because the subgraphs would not compose; nothing changed. */
export interface CompositionRejection {
  status: 'rejected';
  errors: CompositionError[];
}

/** A publish or delete refused because its check failed (409 BREAKING_CHANGES); the check is stored. */
export interface GateRefusal {
  status: 'blocked';
  checkId: string;
  report: CheckReport;
  /** Approvals of the same input that did not apply, and why. */
  ignoredApprovals: IgnoredApproval[];
}

export interface PublishInput {
  sdl: string;
  routingUrl: string;
  ownerTeam?: string | undefined;
  ownerContact?: string | undefined;
  force?: boolean | undefined;
  reason?: string | undefined;
}

export interface DeleteInput {
  force?: boolean | undefined;
  reason?: string | undefined;
}

export type DeleteOutcome =
  | {
      status: 'deleted';
      version: VersionSummary | null;
      checkId: string;
      bypass: GateBypass | null;
    }
  | CompositionRejection
  | GateRefusal;

export type SupergraphFetch =
  | { status: 'ok'; etag: string | null; supergraph: SupergraphVersion }
  | { status: 'not-modified'; etag: string };
