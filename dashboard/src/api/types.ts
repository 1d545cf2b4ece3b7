// The registry API shapes the dashboard reads (docs/registry-api.md): only the fields it shows.

export type Role = 'admin' | 'publisher' | 'reader' | 'usage';
export type Severity = 'breaking' | 'dangerous' | 'safe';

export interface WhoAmI {
  id: string;
  name: string;
  role: Role;
  team: string | null;
  graphs: string[] | null;
  subgraphs: string[] | null;
  /** `oidc`: signed in through the OpenID Provider the registry trusts. */
  source?: 'token' | 'oidc';
  oidc?: { subject: string; issuer: string; expiresAt: string } | null;
}

/** `GET /v1/ui-config`: whether the registry offers OpenID sign-in, and with which provider. */
export interface UiConfig {
  oidc: { issuer: string; clientId: string; scope: string; providerName: string } | null;
}

export interface GraphSummary {
  name: string;
  createdAt: string;
  variants: string[];
}

export interface Subgraph {
  name: string;
  routingUrl: string;
  sdlHash: string;
  updatedAt: string;
  publishedBy: string;
  ownerTeam: string | null;
  ownerContact: string | null;
}

export interface GitContext {
  commit: string | null;
  branch: string | null;
  author: string | null;
  prUrl: string | null;
}

export interface VersionSummary {
  version: number;
  hash: string;
  createdAt: string;
  publishedBy: string;
  change: { action: 'publish' | 'delete'; subgraph: string; subgraphs?: string[] };
  subgraphs: { name: string; routingUrl: string; sdlHash: string }[];
  git: GitContext | null;
}

export interface SupergraphVersion extends VersionSummary {
  supergraphSdl: string;
}

/** What the usage-aware check adds to a change, when it ran (absent otherwise). */
export interface ChangeUsage {
  period?: string;
  from?: string;
  to?: string;
  requests?: number;
  percentage?: number;
  /** `clientName` / `clientVersion` are `null` for requests without client headers. */
  clients?: {
    clientName: string | null;
    clientVersion: string | null;
    requests: number;
    lastSeen: string | null;
  }[];
  registeredOperations?: {
    clientName: string;
    clientVersion: string;
    operationId: string;
    operationName: string | null;
  }[];
  outcome?: 'blocking' | 'below-threshold' | 'unused' | 'skipped';
  reason?: string;
}

export interface Change {
  code: string;
  severity: Severity;
  coordinate: string;
  message: string;
  usage?: ChangeUsage;
}

export interface ChangelogEntry {
  version: number;
  createdAt: string;
  publishedBy: string;
  change: VersionSummary['change'];
  changes: Change[];
  git: GitContext | null;
}

export interface SupergraphDiff {
  from: VersionSummary;
  to: VersionSummary;
  counts: Record<Severity, number>;
  changes: Change[];
  fromApiSdl: string;
  toApiSdl: string;
}

export interface CheckApproval {
  approvedBy: string;
  reason: string | null;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
}

export interface CheckSummary {
  id: string;
  subgraph: string;
  action: 'publish' | 'delete';
  origin: 'check' | 'publish' | 'delete';
  baseVersion: number | null;
  passed: boolean;
  createdBy: string;
  createdAt: string;
  approval: CheckApproval | null;
  counts: Record<Severity, number>;
  git: GitContext | null;
}

export interface BrokenOperation {
  client: string;
  clientVersion: string;
  operationId: string;
  operationName: string | null;
  errors: { message: string }[];
}

export interface CheckReport {
  passed: boolean;
  failOn: string;
  counts: Record<Severity, number>;
  changes: Change[];
  compositionErrors?: { code: string; message: string }[];
  lintFindings?: { rule: string; severity: 'error' | 'warning'; message: string; coordinate?: string }[];
  brokenOperations?: BrokenOperation[];
  failedBecause?: unknown[];
}

export interface Check extends Omit<CheckSummary, 'counts'> {
  graph: string;
  variant: string;
  report: CheckReport;
}

export interface ClientUsage {
  client: string;
  version: string;
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
}

export interface FieldUsage {
  coordinate: string;
  period: string;
  from: string;
  to: string;
  total: number;
  clients: ClientUsage[];
  topOperations: { hash: string; name: string | null; type: string; count: number }[];
}

/** `GET …/usage/timelines?coordinates=…`: requests per bucket of several coordinates, all clients together. */
export interface CoordinateUsageTimelines {
  period: string;
  from: string;
  to: string;
  bucket: 'day' | 'hour';
  timelines: CoordinateTimeline[];
}

export interface CoordinateTimeline {
  coordinate: string;
  total: number;
  points: { bucket: string; count: number }[];
}

export interface FieldUsageTimeline {
  coordinate: string;
  period: string;
  from: string;
  to: string;
  bucket: 'day' | 'hour';
  points: { bucket: string; client: string; version: string; count: number }[];
}

export interface DeprecatedElement {
  coordinate: string;
  kind: string;
  reason: string | null;
  sinceVersion: number | null;
  total: number;
  clients: ClientUsage[];
  activeOperations: { id: string; name: string | null }[];
  verdict: { safeToRemove: boolean; text: string; inUseBy?: string[] };
}

export interface DeprecatedReport {
  period: string;
  supergraphVersion: number;
  elements: DeprecatedElement[];
}

export interface DenialsReport {
  period: string;
  denials: { coordinate: string; client: string; version: string; count: number; lastDenied: string }[];
}

export interface ClientRecord {
  id: string;
  displayName: string;
  recognition: { kind: string; clientIds?: string[]; addresses?: string[] };
  tier: string | null;
  rate: { requests: number; windowSeconds: number; burst?: number } | null;
  budget: { points: number; windowSeconds: number } | null;
  overrides: { maxCost?: number; maxDepth?: number };
  persistedOperations: 'off' | 'audit' | 'enforce' | 'ids-only';
  reserved: boolean;
  version: number;
  updatedAt: string | null;
}

/** Where one quota stood at the newest decision a hub reported (registry/api-types.ts `QuotaObservationView`). */
export interface QuotaObservation {
  limit: number;
  windowSeconds: number;
  capacity: number;
  remaining: number;
  used: number;
  resetAt: string;
  observedAt: string;
  ageSeconds: number;
  variant: string;
}

/** `null` per quota: no hub reported it yet. */
export interface ClientConsumption {
  rate: QuotaObservation | null;
  budget: QuotaObservation | null;
}

/** A record of `GET /v1/graphs/:graph/clients?include=consumption`. */
export interface ClientRecordWithConsumption extends ClientRecord {
  consumption: ClientConsumption;
}

export interface ClientVersion {
  client: string;
  version: string;
  status: 'active' | 'retired';
  operationCount: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  retiredAt: string | null;
  retireReason: string | null;
}

export interface ClientVersionDetail extends ClientVersion {
  operations: { id: string; name: string | null; type: string; body: string }[];
}

export interface AuditEntry {
  id: number;
  variant: string | null;
  subgraph: string | null;
  action: string;
  actor: string;
  reason: string | null;
  checkId: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}

export interface ApiErrorBody {
  code: string;
  message: string;
}
