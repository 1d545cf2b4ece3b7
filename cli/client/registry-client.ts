import type { GraphRef } from './graph-ref.js';
import {
  ensureRegistryOk,
  exchangeWithRegistry,
  type RegistryAnswer,
  type RegistryCall,
} from './registry-exchange.js';
import type { CheckReport, FailOn } from '../../registry/checks/check-report.js';
import type { LintConfig } from '../../registry/checks/lint/lint-config.js';
import type {
  ClientVersionDetail,
  ClientVersionSummary,
  OperationProblem,
  OperationsPublishOutcome,
  OperationUpload,
  PersistedOperationsFeed,
  PersistedOperationsFetch,
  AuditEntry,
  ChangelogEntry,
  GraphLintConfig,
  PublishInput,
  SchemaCheck,
  SchemaCheckSummary,
  CompositionError,
  DeleteInput,
  DeleteOutcome,
  CompositionRejection,
  GateRefusal,
  GraphSummary,
  IgnoredApproval,
  PublishOutcome,
  SubgraphDetail,
  SubgraphOwner,
  SubgraphSummary,
  SupergraphFetch,
  SupergraphVersion,
  TokenInfo,
  TokenRole,
  VariantInfo,
  VersionSummary,
  BatchBlocked,
  BatchPublishInput,
  BatchPublishOutcome,
  GraphInfo,
  Provenance,
  WhoAmI,
} from './types.js';
import type {
  DeprecatedUsageReport,
  DenialsUsageReport,
  FieldUsageReport,
  UnusedUsageReport,
  UsageCheckSettings,
  UsageCheckSettingsView,
} from '../../registry/usage-types.js';

export interface RegistryClientOptions {
  /** Base URL of the registry, e.g. http://127.0.0.1:4100 */
  readonly url: string;
  readonly token?: string | undefined;
  readonly timeoutMs?: number;
  readonly userAgent?: string;
}

type Call = RegistryCall;
type Answer = RegistryAnswer;

/** Typed HTTP client of the registry API (docs/registry-api.md), shared by the CLI and tests. */
export class RegistryClient {
  readonly url: string;
  readonly #token: string | undefined;
  readonly #timeoutMs: number;
  readonly #userAgent: string;

  constructor(options: RegistryClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.#token = options.token;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#userAgent = options.userAgent ?? 'atrium-cli';
  }

  async createGraph(name: string): Promise<GraphSummary> {
    const answer = await this.#ok({ method: 'POST', path: '/v1/graphs', body: { name } });
    return (answer.body as { graph: GraphSummary }).graph;
  }

  /** Creates an empty variant of an existing graph (admin); a first publish creates one too. */
  async createVariant(ref: GraphRef): Promise<VariantInfo> {
    const answer = await this.#ok({
      method: 'POST',
      path: `/v1/graphs/${encodeURIComponent(ref.graph)}/variants`,
      body: { name: ref.variant },
    });
    return (answer.body as { variant: VariantInfo }).variant;
  }

  async listGraphs(): Promise<GraphSummary[]> {
    const answer = await this.#ok({ method: 'GET', path: '/v1/graphs' });
    return (answer.body as { graphs: GraphSummary[] }).graphs;
  }

  async listSubgraphs(ref: GraphRef): Promise<SubgraphSummary[]> {
    const answer = await this.#ok({ method: 'GET', path: `${variantPath(ref)}/subgraphs` });
    return (answer.body as { subgraphs: SubgraphSummary[] }).subgraphs;
  }

  async fetchSubgraph(ref: GraphRef, name: string): Promise<SubgraphDetail> {
    const answer = await this.#ok({ method: 'GET', path: subgraphPath(ref, name) });
    return (answer.body as { subgraph: SubgraphDetail }).subgraph;
  }

  async publishSubgraph(ref: GraphRef, name: string, input: PublishInput): Promise<PublishOutcome> {
    const answer = await this.#send({ method: 'POST', path: subgraphPath(ref, name), body: input });
    return writeOutcome<PublishOutcome>(answer, this.url);
  }

  /** Runs and stores a schema check; a failed check is a value (`check.passed === false`), not an error. */
  async checkSubgraph(
    ref: GraphRef,
    input: {
      subgraph: string;
      sdl?: string;
      routingUrl?: string;
      delete?: boolean;
      failOn?: FailOn;
      skipUsage?: boolean;
    } & Provenance,
  ): Promise<SchemaCheck> {
    const answer = await this.#ok({ method: 'POST', path: `${variantPath(ref)}/checks`, body: input });
    return (answer.body as { check: SchemaCheck }).check;
  }

  async listChecks(ref: GraphRef, limit?: number): Promise<SchemaCheckSummary[]> {
    const query = limit === undefined ? '' : `?limit=${limit}`;
    const answer = await this.#ok({ method: 'GET', path: `${variantPath(ref)}/checks${query}` });
    return (answer.body as { checks: SchemaCheckSummary[] }).checks;
  }

  async getCheck(id: string): Promise<SchemaCheck> {
    const answer = await this.#ok({ method: 'GET', path: `/v1/checks/${encodeURIComponent(id)}` });
    return (answer.body as { check: SchemaCheck }).check;
  }

  async approveCheck(id: string, reason?: string): Promise<SchemaCheck> {
    const answer = await this.#ok({
      method: 'POST',
      path: `/v1/checks/${encodeURIComponent(id)}/approve`,
      body: reason === undefined ? {} : { reason },
    });
    return (answer.body as { check: SchemaCheck }).check;
  }

  async changelog(ref: GraphRef, since?: string): Promise<ChangelogEntry[]> {
    const query = since === undefined ? '' : `?since=${encodeURIComponent(since)}`;
    const answer = await this.#ok({ method: 'GET', path: `${variantPath(ref)}/changelog${query}` });
    return (answer.body as { versions: ChangelogEntry[] }).versions;
  }

  async audit(ref: GraphRef): Promise<AuditEntry[]> {
    const answer = await this.#ok({ method: 'GET', path: `${variantPath(ref)}/audit` });
    return (answer.body as { entries: AuditEntry[] }).entries;
  }

  async getLintConfig(graph: string): Promise<GraphLintConfig> {
    const answer = await this.#ok({
      method: 'GET',
      path: `/v1/graphs/${encodeURIComponent(graph)}/lint-config`,
    });
    return (answer.body as { lintConfig: GraphLintConfig }).lintConfig;
  }

  async updateLintConfig(graph: string, update: Partial<LintConfig>): Promise<GraphLintConfig> {
    const answer = await this.#ok({
      method: 'PUT',
      path: `/v1/graphs/${encodeURIComponent(graph)}/lint-config`,
      body: update,
    });
    return (answer.body as { lintConfig: GraphLintConfig }).lintConfig;
  }

  /** Deletes and recomposes; `force` with a `reason` goes through a failed check (admin or owner). */
  async deleteSubgraph(ref: GraphRef, name: string, input: DeleteInput = {}): Promise<DeleteOutcome> {
    const provenance = {
      ...(input.git ? { git: input.git } : {}),
      ...(input.contextId ? { contextId: input.contextId } : {}),
    };
    const body =
      input.force || Object.keys(provenance).length > 0
        ? { ...(input.force ? { force: true, reason: input.reason } : {}), ...provenance }
        : undefined;
    const answer = await this.#send({
      method: 'DELETE',
      path: subgraphPath(ref, name),
      ...(body ? { body } : {}),
    });
    return writeOutcome<DeleteOutcome>(answer, this.url);
  }

  /** Sets a subgraph's owner team and/or contact (admin, or the current owner team). */
  async setSubgraphOwner(
    ref: GraphRef,
    name: string,
    owner: { team?: string | undefined; contact?: string | undefined },
  ): Promise<SubgraphOwner> {
    const answer = await this.#ok({ method: 'PUT', path: `${subgraphPath(ref, name)}/owner`, body: owner });
    return (answer.body as { owner: SubgraphOwner }).owner;
  }

  /** The current supergraph, or one version. With `etag`, an unchanged supergraph answers not-modified. */
  async fetchSupergraph(
    ref: GraphRef,
    options: { version?: number | undefined; etag?: string | undefined } = {},
  ): Promise<SupergraphFetch> {
    const path =
      options.version === undefined
        ? `${variantPath(ref)}/supergraph`
        : `${variantPath(ref)}/supergraph/versions/${options.version}`;
    const headers: Record<string, string> = options.etag ? { 'if-none-match': options.etag } : {};
    const answer = await this.#send({ method: 'GET', path, headers });
    const etag = answer.headers.get('etag');
    if (answer.status === 304) return { status: 'not-modified', etag: etag ?? options.etag ?? '' };
    ensureOk(answer, this.url);
    return { status: 'ok', etag, supergraph: answer.body as SupergraphVersion };
  }

  async history(ref: GraphRef): Promise<VersionSummary[]> {
    const answer = await this.#ok({ method: 'GET', path: `${variantPath(ref)}/history` });
    return (answer.body as { versions: VersionSummary[] }).versions;
  }

  async createToken(input: {
    name: string;
    role: TokenRole;
    subgraphs?: string[] | undefined;
    graphs?: string[] | undefined;
    team?: string | undefined;
  }): Promise<{ token: TokenInfo; secret: string }> {
    const answer = await this.#ok({ method: 'POST', path: '/v1/tokens', body: input });
    return answer.body as { token: TokenInfo; secret: string };
  }

  async listTokens(): Promise<TokenInfo[]> {
    const answer = await this.#ok({ method: 'GET', path: '/v1/tokens' });
    return (answer.body as { tokens: TokenInfo[] }).tokens;
  }

  /** Revokes a token by id or name; `confirm` (its id or name) is needed for the last active admin token. */
  async revokeToken(idOrName: string, confirm?: string): Promise<TokenInfo> {
    const query = confirm === undefined ? '' : `?confirm=${encodeURIComponent(confirm)}`;
    const answer = await this.#ok({
      method: 'DELETE',
      path: `/v1/tokens/${encodeURIComponent(idOrName)}${query}`,
    });
    return (answer.body as { token: TokenInfo }).token;
  }

  /** Registers operations for a client version; refusals for the operations' content are values. */
  async publishOperations(
    ref: GraphRef,
    client: string,
    version: string,
    operations: readonly OperationUpload[],
  ): Promise<OperationsPublishOutcome> {
    const answer = await this.#send({
      method: 'POST',
      path: `${clientVersionPath(ref, client, version)}/operations`,
      body: { operations },
    });
    return (
      operationsRejection(answer) ?? (ensureOk(answer, this.url), answer.body as OperationsPublishOutcome)
    );
  }

  /** The variant's client versions, of one client when given. */
  async listClientVersions(ref: GraphRef, client?: string): Promise<ClientVersionSummary[]> {
    const path =
      client === undefined
        ? `${variantPath(ref)}/client-versions`
        : `${variantPath(ref)}/clients/${encodeURIComponent(client)}/versions`;
    const answer = await this.#ok({ method: 'GET', path });
    return (answer.body as { versions: ClientVersionSummary[] }).versions;
  }

  async getClientVersion(ref: GraphRef, client: string, version: string): Promise<ClientVersionDetail> {
    const answer = await this.#ok({ method: 'GET', path: clientVersionPath(ref, client, version) });
    return (answer.body as { version: ClientVersionDetail }).version;
  }

  async retireClientVersion(
    ref: GraphRef,
    client: string,
    version: string,
    reason?: string,
  ): Promise<{ status: 'retired' | 'unchanged'; version: ClientVersionSummary }> {
    const answer = await this.#ok({
      method: 'POST',
      path: `${clientVersionPath(ref, client, version)}/retire`,
      body: reason === undefined ? {} : { reason },
    });
    return answer.body as { status: 'retired' | 'unchanged'; version: ClientVersionSummary };
  }

  /** The hubs' feed of active operation sets; with `etag`, an unchanged feed answers not-modified. */
  async fetchPersistedOperations(ref: GraphRef, etag?: string): Promise<PersistedOperationsFetch> {
    const headers: Record<string, string> = etag ? { 'if-none-match': etag } : {};
    const answer = await this.#send({
      method: 'GET',
      path: `${variantPath(ref)}/persisted-operations`,
      headers,
    });
    const tag = answer.headers.get('etag');
    if (answer.status === 304) return { status: 'not-modified', etag: tag ?? etag ?? '' };
    ensureOk(answer, this.url);
    return { status: 'ok', etag: tag, feed: answer.body as PersistedOperationsFeed };
  }

  /** The calling token: name, id, role, team and scope. */
  async whoami(): Promise<WhoAmI> {
    const answer = await this.#ok({ method: 'GET', path: '/v1/whoami' });
    return (answer.body as { whoami: WhoAmI }).whoami;
  }

  /** Deletes a graph and everything in it (admin); `confirm` must repeat its name. */
  async deleteGraph(
    graph: string,
    confirm: string,
    reason?: string,
  ): Promise<GraphInfo & { variants: string[] }> {
    const answer = await this.#ok({
      method: 'DELETE',
      path: `/v1/graphs/${encodeURIComponent(graph)}${confirmQuery(confirm, reason)}`,
    });
    return (answer.body as { graph: GraphInfo & { variants: string[] } }).graph;
  }

  /** Deletes a variant with its subgraphs, versions and checks (admin); `confirm` must be `graph@variant`. */
  async deleteVariant(
    ref: GraphRef,
    confirm: string,
    reason?: string,
  ): Promise<VariantInfo & { subgraphs: string[]; versions: number }> {
    const answer = await this.#ok({
      method: 'DELETE',
      path: `${variantPath(ref)}${confirmQuery(confirm, reason)}`,
    });
    return (answer.body as { variant: VariantInfo & { subgraphs: string[]; versions: number } }).variant;
  }

  /** Composes and publishes several subgraphs at once: one new version, or nothing. */
  async publishSubgraphs(ref: GraphRef, input: BatchPublishInput): Promise<BatchPublishOutcome> {
    const answer = await this.#send({ method: 'POST', path: `${variantPath(ref)}/subgraphs`, body: input });
    const rejected = compositionRejection(answer);
    if (rejected) return { status: 'rejected', errors: rejected };
    const body = answer.body as { code?: unknown; blocked?: unknown } | undefined;
    if (answer.status === 409 && body?.code === 'BATCH_BREAKING_CHANGES' && Array.isArray(body.blocked)) {
      return { status: 'blocked', blocked: body.blocked as BatchBlocked[] };
    }
    ensureOk(answer, this.url);
    return answer.body as BatchPublishOutcome;
  }

  /** `atrium usage field`: usage of one coordinate in a period (`30d`, `12h`). */
  async usageField(ref: GraphRef, coordinate: string, period?: string): Promise<FieldUsageReport> {
    return this.#usage<FieldUsageReport>(ref, `fields/${encodeURIComponent(coordinate)}`, period);
  }

  async usageDeprecated(ref: GraphRef, period?: string): Promise<DeprecatedUsageReport> {
    return this.#usage<DeprecatedUsageReport>(ref, 'deprecated', period);
  }

  async usageUnused(ref: GraphRef, period?: string): Promise<UnusedUsageReport> {
    return this.#usage<UnusedUsageReport>(ref, 'unused', period);
  }

  async usageDenials(ref: GraphRef, period?: string): Promise<DenialsUsageReport> {
    return this.#usage<DenialsUsageReport>(ref, 'denials', period);
  }

  /**
   * The usage-aware check settings of a graph (`variant` null) or of a variant (its own, else the graph's); with
   * `update`, changes them (admin); with `reset`, removes the graph's or the variant's own.
   */
  async usageCheckSettings(
    graph: string,
    variant: string | null,
    change: { update: Partial<UsageCheckSettings> } | { reset: true } | null = null,
  ): Promise<UsageCheckSettingsView> {
    const path =
      variant === null
        ? `/v1/graphs/${encodeURIComponent(graph)}/usage-check-settings`
        : `${variantPath({ graph, variant })}/usage-check-settings`;
    const answer = await this.#ok(
      change === null
        ? { method: 'GET', path }
        : 'reset' in change
          ? { method: 'DELETE', path }
          : { method: 'PUT', path, body: change.update },
    );
    return (answer.body as { usageCheckSettings: UsageCheckSettingsView }).usageCheckSettings;
  }

  async #usage<T>(ref: GraphRef, report: string, period: string | undefined): Promise<T> {
    const query = period === undefined ? '' : `?period=${encodeURIComponent(period)}`;
    const answer = await this.#ok({ method: 'GET', path: `${variantPath(ref)}/usage/${report}${query}` });
    return answer.body as T;
  }

  async #ok(call: Call): Promise<Answer> {
    const answer = await this.#send(call);
    ensureOk(answer, this.url);
    return answer;
  }

  #send(call: Call): Promise<Answer> {
    return exchangeWithRegistry(
      { url: this.url, token: this.#token, userAgent: this.#userAgent, timeoutMs: this.#timeoutMs },
      call,
    );
  }
}

function confirmQuery(confirm: string, reason: string | undefined): string {
  const params = new URLSearchParams({ confirm, ...(reason ? { reason } : {}) });
  return `?${params.toString()}`;
}

function variantPath(ref: GraphRef): string {
  return `/v1/graphs/${encodeURIComponent(ref.graph)}/variants/${encodeURIComponent(ref.variant)}`;
}

function clientVersionPath(ref: GraphRef, client: string, version: string): string {
  return `${variantPath(ref)}/clients/${encodeURIComponent(client)}/versions/${encodeURIComponent(version)}`;
}

/** 400 OPERATIONS_INVALID or OPERATION_ID_MISMATCH: refused for the operations' content, as a value. */
function operationsRejection(answer: Answer): OperationsPublishOutcome | null {
  const body = answer.body as
    | {
        code?: unknown;
        message?: unknown;
        errors?: OperationProblem[];
        invalidOperations?: number;
        mismatches?: { id: string; name: string | null; expected: string }[];
      }
    | undefined;
  if (answer.status !== 400 || !body) return null;
  const message = typeof body.message === 'string' ? body.message : '';
  if (body.code === 'OPERATIONS_INVALID' && Array.isArray(body.errors)) {
    return {
      status: 'rejected',
      code: 'OPERATIONS_INVALID',
      message,
      invalidOperations: body.invalidOperations ?? body.errors.length,
      problems: body.errors,
    };
  }
  if (body.code === 'OPERATION_ID_MISMATCH' && Array.isArray(body.mismatches)) {
    return {
      status: 'rejected',
      code: 'OPERATION_ID_MISMATCH',
      message,
      invalidOperations: body.mismatches.length,
      problems: body.mismatches.map((m) => ({
        id: m.id,
        name: m.name,
        message: `the id is not the sha256 of the body, which is ${m.expected}`,
        locations: [],
      })),
    };
  }
  return null;
}

function subgraphPath(ref: GraphRef, name: string): string {
  return `${variantPath(ref)}/subgraphs/${encodeURIComponent(name)}`;
}

/**
 * What a publish or delete came to: the registry's answer, or one of the expected refusals as a value
 * (composition failed, or the schema check blocked it).
 */
function writeOutcome<Success>(answer: Answer, url: string): Success | CompositionRejection | GateRefusal {
  const rejected = compositionRejection(answer);
  if (rejected) return { status: 'rejected', errors: rejected };
  const blocked = gateRefusal(answer);
  if (blocked) return blocked;
  ensureOk(answer, url);
  return answer.body as Success;
}

function compositionRejection(answer: Answer): CompositionError[] | null {
  const body = answer.body as { code?: unknown; errors?: unknown } | undefined;
  if (answer.status === 422 && body?.code === 'COMPOSITION_FAILED' && Array.isArray(body.errors)) {
    return body.errors as CompositionError[];
  }
  return null;
}

/** 409 BREAKING_CHANGES: the write's check failed and was neither approved nor forced. */
function gateRefusal(answer: Answer): GateRefusal | null {
  const body = answer.body as
    { code?: unknown; checkId?: unknown; report?: unknown; ignoredApprovals?: unknown } | undefined;
  if (answer.status === 409 && body?.code === 'BREAKING_CHANGES' && typeof body.checkId === 'string') {
    return {
      status: 'blocked',
      checkId: body.checkId,
      report: body.report as CheckReport,
      ignoredApprovals: Array.isArray(body.ignoredApprovals)
        ? (body.ignoredApprovals as IgnoredApproval[])
        : [],
    };
  }
  return null;
}

const ensureOk = ensureRegistryOk;
