/**
 * The hub's error catalogue: every error the hub produces has a stable code, an HTTP status (or none) and a
 * description here. Throw through it (`HubErrors.PAYLOAD_TOO_LARGE.create({ limitBytes })`), never with ad-hoc
 * strings. `docs/errors.md` lists the same codes; a test keeps the two in step. Codes are never reused.
 *
 * Errors are `GraphQLError`s carrying `extensions.code` and, when the catalogue gives a status,
 * `extensions.http.status`: Apollo Server turns an error thrown from a plugin hook (or the context function)
 * into a 500 unless that extension is set, and strips it from the response after using it. A definition may
 * also give response headers (`WWW-Authenticate`, `Retry-After`): they travel as `extensions.http.headers`, a
 * `Map` (Apollo Server 5 merges any `Map` there into the response head, see `errorNormalize.js`), and the
 * hub's own HTTP layer writes `HubError.headers` for errors it answers itself. `status: null` marks errors that
 * must not change the response status (an error inside partial data, which stays 200) or that never reach a
 * client (boot errors).
 */
import { GraphQLError } from 'graphql';

export type ErrorDetails = Record<string, unknown>;

export type ResponseHeaders = Readonly<Record<string, string>>;

export class HubError extends GraphQLError {
  override readonly name = 'HubError';

  constructor(
    readonly code: string,
    readonly status: number | null,
    message: string,
    readonly details: ErrorDetails,
    /** Response headers to send with the error, names in lower case. */
    readonly headers: ResponseHeaders = {},
  ) {
    super(message, { extensions: { ...details, code, ...httpExtension(status, headers) } });
  }
}

function httpExtension(status: number | null, headers: ResponseHeaders): { http?: object } {
  if (status === null) return {};
  const entries = Object.entries(headers);
  return { http: entries.length === 0 ? { status } : { status, headers: new Map(entries) } };
}

export interface ErrorDefinition<D extends ErrorDetails | void> {
  readonly code: string;
  readonly status: number | null;
  readonly description: string;
  create(...args: D extends ErrorDetails ? [details: D] : []): HubError;
}

interface SpecExtras<D> {
  /** Response headers derived from the details. */
  readonly headers?: (details: D) => ResponseHeaders;
  /** Details used for the message or headers only, left out of `extensions`. */
  readonly internal?: readonly string[];
}

interface Spec<D extends ErrorDetails | void> extends SpecExtras<D> {
  readonly status: number | null;
  readonly description: string;
  readonly message: string | ((details: D) => string);
}

function define<D extends ErrorDetails | void = void>(
  status: number | null,
  description: string,
  message: string | ((details: D) => string),
  extras: SpecExtras<D> = {},
): Spec<D> {
  return { status, description, message, ...extras };
}

function withoutKeys(details: ErrorDetails, keys: readonly string[] | undefined): ErrorDetails {
  if (keys === undefined) return details;
  return Object.fromEntries(Object.entries(details).filter(([key]) => !keys.includes(key)));
}

function toDefinition<D extends ErrorDetails | void>(code: string, spec: Spec<D>): ErrorDefinition<D> {
  return Object.freeze({
    code,
    status: spec.status,
    description: spec.description,
    create(...args: D extends ErrorDetails ? [details: D] : []): HubError {
      const details = args[0] as D;
      const message = typeof spec.message === 'string' ? spec.message : spec.message(details);
      const exposed = withoutKeys(details ?? {}, spec.internal);
      return new HubError(code, spec.status, message, exposed, spec.headers?.(details) ?? {});
    },
  });
}

export interface ConfigIssue {
  path: string;
  message: string;
}

const specs = {
  BAD_REQUEST: define<{ reason: string }>(
    400,
    'The HTTP request could not be read as a GraphQL request: the body is not valid JSON, for example.',
    ({ reason }) => `Bad request: ${reason}`,
  ),
  NOT_FOUND: define<{ path: string }>(
    404,
    'No route at this path. The hub serves the GraphQL path (default `/graphql`), `/health` and `/ready`.',
    ({ path }) => `No route for ${path}`,
  ),
  METHOD_NOT_ALLOWED: define<{ method: string; allowed: string }>(
    405,
    'The HTTP method is not supported on this route (`/health` and `/ready` answer GET and HEAD only).',
    ({ method, allowed }) => `Method ${method} is not allowed here; use ${allowed}`,
  ),
  PAYLOAD_TOO_LARGE: define<{ limitBytes: number }>(
    413,
    'The request body is larger than `server.bodyLimitBytes` (default 1 MiB).',
    ({ limitBytes }) => `Request body exceeds the limit of ${limitBytes} bytes`,
  ),
  OPERATION_TOO_LARGE: define<{ maxSelections: number }>(
    400,
    'The operation selects more fields, fragments expanded, than `operations.maxSelections` (default 2000): it was refused before query planning, whose cost grows with that number. Details: `maxSelections`.',
    ({ maxSelections }) =>
      `The operation selects more than ${maxSelections} fields (fragments expanded); the hub does not plan it`,
  ),
  OPERATION_NOT_PLANNABLE: define<{ reason: string }>(
    400,
    'The query planner refused the operation (it expands to too many selections, needs too many selections across subgraphs, is nested too deeply, or is not valid for federation). Details: `reason`.',
    ({ reason }) => `The query planner refused the operation: ${reason}`,
  ),
  SUPERGRAPH_NOT_READY: define(
    503,
    'The hub has not loaded any supergraph yet (registry unreachable and no last-known-good copy, or an unusable file). It keeps polling and becomes ready by itself; `/ready` says why it is not.',
    'The hub has no supergraph loaded yet; retry later',
  ),
  SUBGRAPH_UNAVAILABLE: define<{ serviceName: string }>(
    null,
    'A subgraph could not be reached or answered with a server error. The response keeps the data other subgraphs returned (status 200); `extensions.serviceName` names the subgraph.',
    ({ serviceName }) => `Subgraph "${serviceName}" is unavailable`,
  ),
  SUBGRAPH_RESPONSE_TOO_LARGE: define<{ serviceName: string }>(
    null,
    'A subgraph answered more than `subgraphs.maxResponseBytes` (default 16 MiB): the hub stopped reading and closed the connection. The response keeps the data other subgraphs returned (status 200); `extensions.serviceName` names the subgraph.',
    ({ serviceName }) => `Subgraph "${serviceName}" answered more than the hub accepts`,
  ),
  SUBGRAPH_INVALID_RESPONSE: define<{ serviceName: string }>(
    null,
    'A subgraph answered with a body that is not a GraphQL JSON response (invalid or truncated JSON, an HTML error page…). The response keeps the data other subgraphs returned (status 200); `extensions.serviceName` names the subgraph. The hub logs the detail, never sends it.',
    ({ serviceName }) => `Subgraph "${serviceName}" answered with a body that is not a GraphQL JSON response`,
  ),
  RESPONSE_TOO_LARGE: define<{ limitBytes: number }>(
    400,
    'The response to the operation is larger than `server.maxResponseBytes` (default 32 MiB), so the hub sent this error instead. Select fewer fields or a smaller page. Details: `limitBytes`.',
    ({ limitBytes }) => `The response to this operation is larger than the hub sends (${limitBytes} bytes)`,
  ),
  UNAUTHENTICATED: define<{ reason: string; challenge: string }>(
    401,
    'The request carries no access token although `auth.requireAuthentication` is on, or its token is invalid: malformed or oversized, bad signature or algorithm, expired or not yet valid, wrong issuer or audience, an ID token, an unknown key, or inactive at introspection. Header `WWW-Authenticate: Bearer …` with `error="invalid_token"` and `error_description` for a rejected token (RFC 6750).',
    ({ reason }) => reason,
    { headers: ({ challenge }) => ({ 'www-authenticate': challenge }), internal: ['reason', 'challenge'] },
  ),
  AUTH_ISSUER_UNAVAILABLE: define<{ retryAfterSeconds: number }>(
    503,
    'The token issuer cannot be reached (discovery, JWKS or introspection) and nothing cached can verify the token. Header `Retry-After`.',
    'The token issuer cannot be reached to verify the access token; retry later',
    { headers: ({ retryAfterSeconds }) => ({ 'retry-after': String(retryAfterSeconds) }) },
  ),
  UNAUTHORIZED_FIELD_OR_TYPE: define<{ coordinate: string }>(
    null,
    'Authorization `filter` mode: the caller may not read this field; it was removed before query planning (no subgraph was asked) and answered `null`. One error per denied path, inside a 200 response. Details: `coordinate` (`Type.field`).',
    ({ coordinate }) => `Unauthorized field or type: ${coordinate}`,
  ),
  FORBIDDEN_OPERATION: define<{ coordinates: readonly string[] }>(
    403,
    'Authorization `reject` mode: the operation selects fields the caller may not read, so none of it ran. Also an operation too large to authorize (`authorization.maxSelections`). Details: `coordinates`, the denied `Type.field` coordinates, sorted.',
    ({ coordinates }) =>
      coordinates.length === 0
        ? 'The operation is too large to authorize'
        : `The operation selects fields the caller may not read: ${coordinates.join(', ')}`,
  ),
  INTROSPECTION_DISABLED: define(
    403,
    'The operation selects `__schema` or `__type` and `introspection` is `off` (the default when `NODE_ENV=production`).',
    'Introspection is disabled on this hub',
  ),
  INTERNAL_SERVER_ERROR: define(
    500,
    'An unexpected error. With masking on (production) the message is generic; the hub logs the original.',
    'Internal server error',
  ),
  CONFIG_INVALID: define<{ issues: ConfigIssue[] }>(
    null,
    'Boot: the hub configuration (file, environment, flags) is invalid. Every problem is listed with its path.',
    ({ issues }) =>
      `Invalid hub configuration:\n${issues.map((issue) => `  - ${issue.path || '(root)'}: ${issue.message}`).join('\n')}`,
  ),
  POLICY_DEPENDENCY_MISSING: define<{ policy: string; dependsOn: string }>(
    null,
    'Boot: an enabled policy depends on a policy that is not enabled (for example `quotas` without `auth`).',
    ({ policy, dependsOn }) => `Policy "${policy}" depends on "${dependsOn}", which is not enabled`,
  ),
};

type Catalogue = {
  readonly [K in keyof typeof specs]: (typeof specs)[K] extends Spec<infer D> ? ErrorDefinition<D> : never;
};

export const HubErrors: Catalogue = Object.freeze(
  Object.fromEntries(
    Object.entries(specs).map(([code, spec]) => [
      code,
      toDefinition(code, spec as Spec<ErrorDetails | void>),
    ]),
  ) as Catalogue,
);

/** Every definition, for documentation and the test that keeps `docs/errors.md` in step. */
export const hubErrorDefinitions: readonly ErrorDefinition<ErrorDetails | void>[] = Object.values(HubErrors);
