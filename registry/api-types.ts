// The JSON shapes of the registry's HTTP API (docs/registry-api.md).
import type { CheckReport, ReportedChange } from './checks/check-report.js';
import type { LintConfig } from './checks/lint/lint-config.js';
import type { CompositionErrorDetail } from './errors.js';

/** `usage`: what a hub holds to report usage; it can write usage and nothing else (docs/usage.md). */
export type TokenRole = 'admin' | 'publisher' | 'reader' | 'usage';
export const TOKEN_ROLES: readonly TokenRole[] = ['admin', 'publisher', 'reader', 'usage'];

export interface GraphInfo {
  name: string;
  createdAt: string;
}

export interface GraphSummary extends GraphInfo {
  variants: string[];
}

/** `POST /v1/graphs/:graph/variants` answers `{ variant }`. */
export interface VariantInfo {
  graph: string;
  name: string;
  createdAt: string;
}

export interface Subgraph {
  name: string;
  /** Kept by every publish that updates the subgraph; new when it is deleted and published again. */
  identity: string;
  routingUrl: string;
  sdlHash: string;
  updatedAt: string;
  publishedBy: string;
  /** The owning team, or `null`: then any publisher allowed by its token's subgraph list may publish it. */
  ownerTeam: string | null;
  ownerContact: string | null;
}

/** `PUT …/subgraphs/:name/owner` answers `{ owner }`. */
export interface SubgraphOwner {
  team: string | null;
  contact: string | null;
}

export interface SubgraphWithSdl extends Subgraph {
  sdl: string;
}

export interface SubgraphSnapshot {
  name: string;
  routingUrl: string;
  sdlHash: string;
}

export interface VersionChange {
  action: 'publish' | 'delete';
  subgraph: string;
  /** A batch publish (`POST …/subgraphs`): every subgraph it published, sorted; `subgraph` is the first. */
  subgraphs?: string[];
}

/**
 * Where a check or write came from (docs/registry-api.md, "Git context"): from CLI flags or the CI environment.
 * Each part is `null` when not known.
 */
export interface GitContext {
  commit: string | null;
  branch: string | null;
  author: string | null;
  /** The pull (merge) request's URL. */
  prUrl: string | null;
}

export interface VersionSummary {
  version: number;
  hash: string;
  createdAt: string;
  publishedBy: string;
  change: VersionChange;
  subgraphs: SubgraphSnapshot[];
  /** The git context of the write that made this version; `null` when it gave none. */
  git: GitContext | null;
}

export interface SupergraphVersion extends VersionSummary {
  supergraphSdl: string;
}

export interface TokenInfo {
  id: string;
  name: string;
  role: TokenRole;
  subgraphs: string[] | null;
  /** The graphs a publisher or reader token may act in; `null`: every graph. */
  graphs: string[] | null;
  /** A publisher token's team: it owns the subgraphs whose owner team is this. */
  team: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export type CompositionError = CompositionErrorDetail;

/** How a publish or delete with a failed check got through the gate: an approval of the same input, or `--force`. */
export interface GateBypass {
  kind: 'approved' | 'forced';
  checkId: string;
  by: string;
  reason: string | null;
}

export type PublishResult =
  | {
      status: 'published';
      version: VersionSummary;
      /** The subgraph is new in the variant. */
      created: boolean;
      /** The variant did not exist: this publish created it. */
      variantCreated: boolean;
      checkId: string;
      bypass: GateBypass | null;
    }
  | { status: 'unchanged'; version: VersionSummary }
  /** The check failed and nothing let it through: nothing was published, the check was stored. */
  | { status: 'blocked'; check: SchemaCheck; ignoredApprovals: IgnoredApproval[] };

/** `POST …/subgraphs` (batch publish): one new version for every subgraph, or nothing. */
export type BatchPublishResult =
  | {
      status: 'published';
      version: VersionSummary;
      variantCreated: boolean;
      /** The subgraphs this version changed: new or updated, each with its check and how it passed the gate. */
      subgraphs: { name: string; created: boolean; checkId: string; bypass: GateBypass | null }[];
      /** Subgraphs of the request that were already as given. */
      unchanged: string[];
    }
  | { status: 'unchanged'; version: VersionSummary }
  /** At least one subgraph's check failed and nothing let it through: nothing was published. */
  | {
      status: 'blocked';
      blocked: { subgraph: string; check: SchemaCheck; ignoredApprovals: IgnoredApproval[] }[];
    };

/** A stored schema check (docs/registry-api.md, "Checks"). */
export interface SchemaCheck {
  id: string;
  graph: string;
  variant: string;
  subgraph: string;
  action: 'publish' | 'delete';
  /** `check`: asked for; `publish` / `delete`: run by that write, which it gated. */
  origin: 'check' | 'publish' | 'delete';
  inputHash: string;
  sdlHash: string | null;
  routingUrl: string | null;
  /** The supergraph version the proposal was compared with; `null` when the variant had none. */
  baseVersion: number | null;
  /** The identity of the subgraph the check ran against; `null` when the proposal creates it. */
  subgraphIdentity: string | null;
  passed: boolean;
  createdBy: string;
  createdAt: string;
  /** Set when the check's blocking changes were approved. */
  approval: CheckApproval | null;
  report: CheckReport;
  git: GitContext | null;
  /** The context an approval of this check follows (pull-request URL, branch…); `null`: the same input only. */
  contextId: string | null;
  /**
   * A failed check whose blocking changes an approval of an earlier check with the same context id covers (same
   * base version and subgraph identity, not expired): a write of it would go through. `null` otherwise.
   */
  coveredBy: CoveringApproval | null;
}

/** The approval that covers a failed check (`SchemaCheck.coveredBy`). */
export interface CoveringApproval {
  checkId: string;
  approvedBy: string;
  reason: string | null;
  contextId: string;
  expiresAt: string;
}

export type SchemaCheckSummary = Omit<SchemaCheck, 'report'> & {
  counts: CheckReport['counts'];
  compositionErrors: number;
  lintErrors: number;
};

/**
 * An approval applies to a later write of the same input against the same base version and subgraph identity,
 * until `expiresAt` (docs/registry-api.md, "Approvals").
 */
export interface CheckApproval {
  checkId: string;
  approvedBy: string;
  reason: string | null;
  /** The context id the approval follows, from the check; `null`: it applies to the same input only. */
  contextId: string | null;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
}

/** Why an approval of the same input did not let a write through. */
export type IgnoredApprovalWhy = 'expired' | 'subgraph-recreated' | 'base-changed' | 'changes-not-covered';

/** An approval of the same input that a blocked write could not use (409 BREAKING_CHANGES `ignoredApprovals`). */
export interface IgnoredApproval {
  checkId: string;
  approvedBy: string;
  why: IgnoredApprovalWhy;
  /** The base version of the approved check, and the variant's version at the write. */
  baseVersion: number | null;
  currentVersion: number | null;
  expiresAt: string;
  message: string;
}

export interface AuditEntry {
  id: number;
  graph: string;
  variant: string | null;
  subgraph: string | null;
  action: AuditAction;
  actor: string;
  reason: string | null;
  checkId: string | null;
  details: Record<string, unknown>;
  git: GitContext | null;
  createdAt: string;
}

export type AuditAction =
  | 'check.approved'
  | 'publish.blocked'
  | 'publish.approved'
  | 'publish.forced'
  | 'delete.blocked'
  | 'delete.approved'
  | 'delete.forced'
  | 'subgraph.owner-changed'
  | 'lint-config.changed'
  | 'usage-check-settings.changed'
  | 'client.created'
  | 'client.updated'
  | 'client.deleted'
  | 'operations.published'
  | 'operations.retired'
  | 'variant.deleted';

/** `GET /v1/audit`: registry-level entries, which outlive the graph they name. */
export interface RegistryAuditEntry {
  id: number;
  action: 'graph.deleted' | 'variant.deleted' | 'token.revoked' | 'webhook.created' | 'webhook.deleted';
  graph: string | null;
  variant: string | null;
  actor: string;
  reason: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}

/** `GET /v1/whoami`: the calling token, without its secret. */
export interface WhoAmI {
  id: string;
  name: string;
  role: TokenRole;
  team: string | null;
  /** The graphs it may act in; `null`: every graph. */
  graphs: string[] | null;
  /** The subgraphs a publisher may publish and delete; `null`: every subgraph. */
  subgraphs: string[] | null;
  createdAt: string;
  /** Where the principal comes from: a registry token, or an access token of the trusted OpenID issuer. */
  source: 'token' | 'oidc';
  /** For `source: 'oidc'`: the token's subject and issuer, and when it expires. */
  oidc: { subject: string; issuer: string; expiresAt: string } | null;
}

/** `GET /v1/ui-config` (public): what the dashboard needs to offer OpenID sign-in; never a secret. */
export interface UiConfig {
  oidc: {
    issuer: string;
    clientId: string;
    scope: string;
    /** The name on the button: "Sign in with <providerName>". */
    providerName: string;
  } | null;
}

export interface ChangelogEntry {
  version: number;
  createdAt: string;
  publishedBy: string;
  change: VersionChange;
  changes: ReportedChange[];
  git: GitContext | null;
}

export interface GraphLintConfig {
  graph: string;
  config: LintConfig;
  /** `null` while the graph uses the defaults. */
  updatedBy: string | null;
  updatedAt: string | null;
}

export type DeleteResult =
  | {
      status: 'deleted';
      /** `null` when the last subgraph was deleted: the variant has no supergraph any more. */
      version: VersionSummary | null;
      checkId: string;
      bypass: GateBypass | null;
    }
  /** The check failed and nothing let it through: nothing was deleted, the check was stored. */
  | { status: 'blocked'; check: SchemaCheck; ignoredApprovals: IgnoredApproval[] };

/** How the hub recognises a client record's callers (docs/registry-api.md, "Clients"). */
export type ClientRecognition =
  /** The verified OIDC client id of the caller's access token (`azp`, else `client_id`) is one of these. */
  | { kind: 'client-id'; clientIds: string[] }
  /** A caller without a token whose remote address is in one of these ranges (canonical CIDR text). */
  | { kind: 'remote-address'; addresses: string[] }
  /** The reserved record `default`: authenticated callers no record recognises. */
  | { kind: 'default' }
  /** The reserved record `anonymous`: callers without a token no address record recognises. */
  | { kind: 'anonymous' };

export type PersistedOperationsMode = 'off' | 'audit' | 'enforce' | 'ids-only';
export const PERSISTED_OPERATIONS_MODES: readonly PersistedOperationsMode[] = [
  'off',
  'audit',
  'enforce',
  'ids-only',
];

/** `requests` per `windowSeconds` on average, at most `burst` (default `requests`) at once. */
export interface ClientRate {
  requests: number;
  windowSeconds: number;
  burst?: number | undefined;
}

/** `points` of estimated cost per `windowSeconds` on average; the whole budget may be spent at once. */
export interface ClientBudget {
  points: number;
  windowSeconds: number;
}

/** Per-operation limits of this client, instead of the hub's. */
export interface ClientOverrides {
  maxCost?: number | undefined;
  maxDepth?: number | undefined;
}

export interface ClientRecord {
  id: string;
  displayName: string;
  recognition: ClientRecognition;
  /** A label for the client's class (metrics, logs); `null`: none. */
  tier: string | null;
  /** `null`: no request rate. */
  rate: ClientRate | null;
  /** `null`: no cost budget. */
  budget: ClientBudget | null;
  overrides: ClientOverrides;
  persistedOperations: PersistedOperationsMode;
  /** `default` and `anonymous`: they always exist, can be updated, never deleted. */
  reserved: boolean;
  /** 1 when created, one more per update; 0 for a reserved record never changed (its documented values). */
  version: number;
  createdBy: string | null;
  createdAt: string | null;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** `GET /v1/graphs/:graph/clients`: what hubs poll, with an ETag. */
export interface ClientSet {
  graph: string;
  clients: ClientRecord[];
}

/**
 * Where one quota of a client record stood at the newest decision a hub reported (usage batches, `quotas`):
 * the values of its `RateLimit` field. Quotas are counted per graph and record, so this is graph-wide.
 */
export interface QuotaObservationView {
  /** The quota per window: `requests` of a rate, `points` of a budget. */
  limit: number;
  windowSeconds: number;
  /** The most that may be spent at once: a rate's `burst` (default `requests`), a budget's `points`. */
  capacity: number;
  /** What could be spent at `observedAt`. */
  remaining: number;
  /** `capacity - remaining`: spent and not yet back at `observedAt`. */
  used: number;
  /** When the whole capacity is back if nothing more is spent (ISO 8601). */
  resetAt: string;
  /** When the hub saw it (its clock, ISO 8601). */
  observedAt: string;
  /** Seconds from `observedAt` to the registry's now (at least 0). */
  ageSeconds: number;
  /** The variant whose hub reported it. */
  variant: string;
}

/** A record's consumption; `null`: no hub reported that quota yet (no traffic, or the quota is not set). */
export interface ClientConsumption {
  rate: QuotaObservationView | null;
  budget: QuotaObservationView | null;
}

/** A record as `?include=consumption` answers it. */
export interface ClientRecordWithConsumption extends ClientRecord {
  consumption: ClientConsumption;
}

export type * from './usage-types.js';
/** The type of a persisted operation: what its one operation definition is. */
export type OperationType = 'query' | 'mutation' | 'subscription';

/** A persisted operation (trusted document): its id is the sha256 (hex) of `body`, UTF-8. */
export interface PersistedOperation {
  id: string;
  /** The name of the document's one operation; `null` when it is anonymous. */
  name: string | null;
  type: OperationType;
  body: string;
}

export type ClientVersionStatus = 'active' | 'retired';

/** The registered operations of one version of one client application, in one variant. */
export interface ClientVersionSummary {
  graph: string;
  variant: string;
  client: string;
  version: string;
  status: ClientVersionStatus;
  /** How many operations the version registered. */
  operationCount: number;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  retiredBy: string | null;
  retiredAt: string | null;
  retireReason: string | null;
}

export interface ClientVersionDetail extends ClientVersionSummary {
  /** Sorted by name (anonymous ones last), then id. */
  operations: PersistedOperation[];
}

/** What `POST …/operations` did: `created` the version, `added` operations to it, or nothing (`unchanged`). */
export interface OperationsPublishResult {
  status: 'created' | 'added' | 'unchanged';
  /** Operations of this publish that the version did not have yet. */
  added: number;
  version: ClientVersionSummary;
}

/** One operation the registry refused, with why (`OPERATIONS_INVALID`). */
export interface OperationProblem {
  id: string;
  name: string | null;
  message: string;
  locations: { line: number; column: number }[];
}

/**
 * What hubs poll (`GET …/persisted-operations`): every active client version of the variant whose client record
 * exists, with its operation ids, and each of those documents once.
 */
export interface PersistedOperationsFeed {
  graph: string;
  variant: string;
  /** Sorted by client, then version (code-point order). */
  clients: { client: string; version: string; operationIds: string[] }[];
  /** Sorted by id. */
  operations: PersistedOperation[];
}

/** `GET …/supergraph/diff?from=&to=`: the classified API-schema changes between two versions of a variant. */
export interface SupergraphDiffResult {
  graph: string;
  variant: string;
  from: VersionSummary;
  to: VersionSummary;
  counts: CheckReport['counts'];
  changes: ReportedChange[];
  /** The API schemas (what clients see) of both versions, printed. */
  fromApiSdl: string;
  toApiSdl: string;
}
