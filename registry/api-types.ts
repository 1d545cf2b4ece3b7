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
}

export interface VersionSummary {
  version: number;
  hash: string;
  createdAt: string;
  publishedBy: string;
  change: VersionChange;
  subgraphs: SubgraphSnapshot[];
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
  | 'client.created'
  | 'client.updated'
  | 'client.deleted';

export interface ChangelogEntry {
  version: number;
  createdAt: string;
  publishedBy: string;
  change: VersionChange;
  changes: ReportedChange[];
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

export type PersistedOperationsMode = 'off' | 'audit' | 'enforce';
export const PERSISTED_OPERATIONS_MODES: readonly PersistedOperationsMode[] = ['off', 'audit', 'enforce'];

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

export type * from './usage-types.js';
