import { fetchWithDeadline } from '../../lib/fetch-with-deadline.js';
import type { GraphRef } from './graph-ref.js';
import { RegistryApiError, RegistryUnreachableError } from './registry-errors.js';
import type { CheckReport, FailOn } from '../../registry/checks/check-report.js';
import type { LintConfig } from '../../registry/checks/lint/lint-config.js';
import type {
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
} from './types.js';
import type {
  DeprecatedUsageReport,
  DenialsUsageReport,
  FieldUsageReport,
  UnusedUsageReport,
} from '../../registry/usage-types.js';

export interface RegistryClientOptions {
  /** Base URL of the registry, e.g. http://127.0.0.1:4100 */
  readonly url: string;
  readonly token?: string | undefined;
  readonly timeoutMs?: number;
  readonly userAgent?: string;
}

interface Call {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

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
    return writeOutcome<PublishOutcome>(answer);
  }

  /** Runs and stores a schema check; a failed check is a value (`check.passed === false`), not an error. */
  async checkSubgraph(
    ref: GraphRef,
    input: { subgraph: string; sdl?: string; routingUrl?: string; delete?: boolean; failOn?: FailOn },
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
    const body = input.force ? { force: true, reason: input.reason } : undefined;
    const answer = await this.#send({
      method: 'DELETE',
      path: subgraphPath(ref, name),
      ...(body ? { body } : {}),
    });
    return writeOutcome<DeleteOutcome>(answer);
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
    ensureOk(answer);
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

  async revokeToken(id: string): Promise<TokenInfo> {
    const answer = await this.#ok({ method: 'DELETE', path: `/v1/tokens/${encodeURIComponent(id)}` });
    return (answer.body as { token: TokenInfo }).token;
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

  async #usage<T>(ref: GraphRef, report: string, period: string | undefined): Promise<T> {
    const query = period === undefined ? '' : `?period=${encodeURIComponent(period)}`;
    const answer = await this.#ok({ method: 'GET', path: `${variantPath(ref)}/usage/${report}${query}` });
    return answer.body as T;
  }

  async #ok(call: Call): Promise<Answer> {
    const answer = await this.#send(call);
    ensureOk(answer);
    return answer;
  }

  async #send(call: Call): Promise<Answer> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.#userAgent,
      ...call.headers,
    };
    if (this.#token) headers.authorization = `Bearer ${this.#token}`;
    let body: string | undefined;
    if (call.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.body);
    }
    // One deadline (lib/deadline.ts) for the whole exchange, body included: a registry that sends its headers
    // and then stalls is as unreachable as one that never answers.
    let response: Response;
    let text: string;
    try {
      response = await fetchWithDeadline(
        this.url + call.path,
        { method: call.method, headers, body },
        this.#timeoutMs,
      );
      text = await response.text();
    } catch (error) {
      throw new RegistryUnreachableError(this.url, error);
    }
    let parsed: unknown = undefined;
    if (text.length > 0) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = {
          code: 'INVALID_RESPONSE',
          message: `registry answered ${response.status} with non-JSON body`,
        };
      }
    }
    return { status: response.status, headers: response.headers, body: parsed };
  }
}

function variantPath(ref: GraphRef): string {
  return `/v1/graphs/${encodeURIComponent(ref.graph)}/variants/${encodeURIComponent(ref.variant)}`;
}

function subgraphPath(ref: GraphRef, name: string): string {
  return `${variantPath(ref)}/subgraphs/${encodeURIComponent(name)}`;
}

/**
 * What a publish or delete came to: the registry's answer, or one of the expected refusals as a value
 * (composition failed, or the schema check blocked it).
 */
function writeOutcome<Success>(answer: Answer): Success | CompositionRejection | GateRefusal {
  const rejected = compositionRejection(answer);
  if (rejected) return { status: 'rejected', errors: rejected };
  const blocked = gateRefusal(answer);
  if (blocked) return blocked;
  ensureOk(answer);
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

function ensureOk(answer: Answer): void {
  if (answer.status >= 200 && answer.status < 300) return;
  const { code, message, ...details } = (answer.body ?? {}) as Record<string, unknown>;
  throw new RegistryApiError(
    answer.status,
    typeof code === 'string' ? code : `HTTP_${answer.status}`,
    typeof message === 'string' ? message : `registry answered HTTP ${answer.status}`,
    details,
  );
}
