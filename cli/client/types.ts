// The client's view of the registry API (docs/registry-api.md). The JSON shapes are the server's own
// (`registry/api-types.ts`, type-only imports); what is defined here are the client's outcome unions, which turn
// expected rejections (composition failed, check failed) into values.
import type { CheckReport } from '../../registry/checks/check-report.js';
import type {
  CompositionError,
  GateBypass,
  OperationProblem,
  OperationsPublishResult,
  PersistedOperationsFeed,
  IgnoredApproval,
  Subgraph,
  SubgraphWithSdl,
  SupergraphVersion,
  VersionSummary,
} from '../../registry/api-types.js';

export type {
  ClientVersionDetail,
  ClientVersionStatus,
  ClientVersionSummary,
  OperationProblem,
  OperationType,
  OperationsPublishResult,
  PersistedOperation,
  PersistedOperationsFeed,
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
  GraphInfo,
  GitContext,
  WhoAmI,
  RegistryAuditEntry,
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

/** Where a check or write comes from (`--commit --branch --author --pr-url`, CI) and its `--context-id`. */
export interface Provenance {
  git?: { commit?: string; branch?: string; author?: string; prUrl?: string } | undefined;
  contextId?: string | undefined;
}

export interface PublishInput extends Provenance {
  sdl: string;
  routingUrl: string;
  ownerTeam?: string | undefined;
  ownerContact?: string | undefined;
  force?: boolean | undefined;
  reason?: string | undefined;
}

export interface DeleteInput extends Provenance {
  force?: boolean | undefined;
  reason?: string | undefined;
}

export interface BatchPublishInput extends Provenance {
  subgraphs: { name: string; sdl: string; routingUrl: string }[];
  force?: boolean | undefined;
  reason?: string | undefined;
}

/** A subgraph of a refused batch publish (409 BATCH_BREAKING_CHANGES): its stored check. */
export interface BatchBlocked {
  subgraph: string;
  checkId: string;
  report: CheckReport;
  ignoredApprovals: IgnoredApproval[];
}

export type BatchPublishOutcome =
  | {
      status: 'published';
      version: VersionSummary;
      variantCreated: boolean;
      subgraphs: { name: string; created: boolean; checkId: string; bypass: GateBypass | null }[];
      unchanged: string[];
    }
  | { status: 'unchanged'; version: VersionSummary }
  | CompositionRejection
  | { status: 'blocked'; blocked: BatchBlocked[] };

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

/** One operation as `atrium operations publish` sends it: `id` is the sha256 (hex) of `body`. */
export interface OperationUpload {
  id: string;
  body: string;
  name?: string | null;
  type?: 'query' | 'mutation' | 'subscription';
}

/**
 * A publish of operations: done, or refused for its content (`OPERATIONS_INVALID`: operations that do not validate;
 * `OPERATION_ID_MISMATCH`: ids that are not the sha256 of their body, as problems naming the expected id). Nothing
 * was stored when refused.
 */
export type OperationsPublishOutcome =
  | OperationsPublishResult
  | {
      status: 'rejected';
      code: 'OPERATIONS_INVALID' | 'OPERATION_ID_MISMATCH';
      message: string;
      /** How many operations were refused. */
      invalidOperations: number;
      problems: OperationProblem[];
    };

export type PersistedOperationsFetch =
  | { status: 'ok'; etag: string | null; feed: PersistedOperationsFeed }
  | { status: 'not-modified'; etag: string };
