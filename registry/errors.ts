/**
 * The registry's error catalogue: every error the registry answers with has a stable code, an HTTP status
 * and a description here. Throw through it (`RegistryErrors.GRAPH_EXISTS.create({ graph })`), never with
 * ad-hoc strings. `docs/errors.md` lists the same codes; a test keeps the two in step. Codes are never reused.
 */

import {
  buildErrorCatalogue,
  type ErrorCatalogue,
  type ErrorDetails,
  type ErrorSpec,
} from '../lib/error-catalogue.js';

export type { ErrorDetails } from '../lib/error-catalogue.js';

export class RegistryError extends Error {
  override readonly name = 'RegistryError';

  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
  }

  /** The JSON body sent to clients: `{ code, message, ...details }`. */
  toBody(): ErrorDetails & { code: string; message: string } {
    return { ...this.details, code: this.code, message: this.message };
  }
}

type Spec<D extends ErrorDetails | void> = ErrorSpec<D, number>;

function define<D extends ErrorDetails | void = void>(
  status: number,
  description: string,
  message: string | ((details: D) => string),
): Spec<D> {
  return { status, description, message };
}

export interface InputIssue {
  path: string;
  message: string;
}
export interface SdlLocation {
  line: number;
  column: number;
}
export interface OperationProblemDetail {
  id: string;
  name: string | null;
  message: string;
  locations: SdlLocation[];
}
export interface CompositionErrorDetail {
  message: string;
  code: string;
  locations: { subgraph: string | null; line: number; column: number }[];
}

const specs = {
  UNAUTHENTICATED: define(
    401,
    'The `Authorization: Bearer <token>` header is missing, malformed, or names an unknown or revoked token.',
    'A valid bearer token is required',
  ),
  FORBIDDEN: define<{ role: string; operation: string }>(
    403,
    "The token's role (or its graph or subgraph restriction) does not allow the operation.",
    ({ role, operation }) => `A ${role} token may not ${operation}`,
  ),
  OIDC_TOKEN_INVALID: define<{
    reason:
      | 'malformed'
      | 'unsigned'
      | 'signature'
      | 'algorithm'
      | 'unknown-key'
      | 'claims'
      | 'not-yet-valid'
      | 'id-token';
  }>(
    401,
    'The bearer token is a JWT that is not a valid access token of the trusted OpenID issuer: malformed, unsigned, a bad signature, a disallowed algorithm, signed by no key of the issuer, not yet valid, missing `sub` or `exp`, or an ID token. `reason` says which.',
    ({ reason }) => `The OpenID access token is not valid (${reason})`,
  ),
  OIDC_TOKEN_EXPIRED: define(
    401,
    'The OpenID access token expired (its `exp` is past, beyond the clock tolerance); sign in again.',
    'The OpenID access token expired',
  ),
  OIDC_TOKEN_WRONG_AUDIENCE: define(
    401,
    "The OpenID access token's `aud` does not name this registry (ATRIUM_OIDC_AUDIENCE).",
    'The OpenID access token is not meant for this registry (wrong audience)',
  ),
  OIDC_TOKEN_WRONG_ISSUER: define(
    401,
    "The OpenID access token's `iss` is not the issuer this registry trusts (ATRIUM_OIDC_ISSUER); no key was fetched for it.",
    'The OpenID access token comes from an issuer this registry does not trust',
  ),
  OIDC_NO_ROLE: define<{ subject: string; roleClaim: string }>(
    403,
    'The OpenID access token is valid, but no value of its role claim maps to a registry role (ATRIUM_OIDC_ROLE_CLAIM, ATRIUM_OIDC_ROLES): without a mapping nobody gets in, not even as a reader.',
    ({ subject, roleClaim }) =>
      `The OpenID subject "${subject}" has no registry role: no value of its "${roleClaim}" claim maps to one`,
  ),
  OIDC_ISSUER_UNAVAILABLE: define(
    503,
    'The registry cannot reach the trusted OpenID issuer (discovery or JWKS failed or timed out, or its discovery document is unusable), so it cannot verify the token; try again later. Registry tokens keep working.',
    'The OpenID issuer cannot be reached to verify the token; try again later',
  ),
  INVALID_INPUT: define<{ issues: InputIssue[] }>(
    400,
    'The request body, path or query does not have the expected shape; `issues` lists every problem with its path.',
    ({ issues }) => `Invalid input: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
  ),
  INVALID_SDL: define<{ subgraph: string; locations: SdlLocation[]; reason: string }>(
    400,
    'The subgraph SDL is not syntactically valid GraphQL, or contains a NUL character; `locations` gives line and column.',
    ({ subgraph, reason }) => `The SDL of subgraph "${subgraph}" does not parse: ${reason}`,
  ),
  INVALID_NAME: define<{ issues: InputIssue[] }>(
    400,
    'A graph, variant, subgraph or token subgraph name does not match `^[A-Za-z][A-Za-z0-9_-]{0,63}$`.',
    ({ issues }) => `Invalid name: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
  ),
  INVALID_ROUTING_URL: define<{ issues: InputIssue[] }>(
    400,
    'The routing URL is not an absolute `http:` or `https:` URL, or it carries credentials (`user:password@`) or NUL characters.',
    'The routing URL must be an absolute http: or https: URL without credentials',
  ),
  PAYLOAD_TOO_LARGE: define<{ limit: number }>(
    413,
    'The request body is larger than the limit (5 MiB by default).',
    ({ limit }) => `The request body is larger than ${limit} bytes`,
  ),
  // Requests the HTTP layer cannot read (fastify's router and Node's HTTP parser; see error-handler.ts).
  URL_TOO_LONG: define<{ limit: number }>(
    414,
    'A path segment is longer than the router accepts (`limit` characters).',
    ({ limit }) => `A path segment of the URL is longer than ${limit} characters`,
  ),
  HEADERS_TOO_LARGE: define(
    431,
    'The request headers are larger than the server accepts; the connection is closed.',
    'The request headers are too large',
  ),
  REQUEST_TIMEOUT: define(
    408,
    'The request was not received completely in time; the connection is closed.',
    'The request was not received in time',
  ),
  MALFORMED_REQUEST: define(
    400,
    'The bytes received are not a valid HTTP/1.1 request; the connection is closed.',
    'The request is not valid HTTP',
  ),
  // Bounds of the schema work (composition, diffing) a request may cause.
  SDL_TOO_LARGE: define<{ subgraph: string; bytes: number; limit: number }>(
    413,
    'The subgraph SDL is larger than the registry accepts (`maxSdlBytes`, default 2 MiB).',
    ({ subgraph, bytes, limit }) =>
      `The SDL of subgraph "${subgraph}" is ${bytes} bytes; the registry accepts at most ${limit}`,
  ),
  SDL_TOO_MANY_FIELDS: define<{ subgraph: string; limit: number }>(
    422,
    'The subgraph SDL defines more fields, arguments, input fields and enum values together than the registry accepts (`maxSdlFields`, default 10,000).',
    ({ subgraph, limit }) =>
      `The SDL of subgraph "${subgraph}" defines more than ${limit} fields, arguments, input fields and enum values`,
  ),
  ROUTING_URL_DENIED: define<{ routingUrl: string; range: string }>(
    400,
    "The routing URL's host is a literal IP address in a denied range (`routingUrlDeniedRanges`, default link-local: 169.254.0.0/16 and fe80::/10).",
    ({ range }) => `The routing URL points into the denied address range ${range}`,
  ),
  TOO_MANY_CHECKS: define<{ graph: string; limit: number; retryAfterSeconds: number }>(
    429,
    'The graph already has `checksPerGraph` checks in flight (default 4); retry after `Retry-After` seconds.',
    ({ graph, limit }) => `Graph "${graph}" already has ${limit} checks in flight; retry later`,
  ),
  REGISTRY_BUSY: define<{ retryAfterSeconds: number }>(
    503,
    "The queue of the registry's schema workers is full (`schemaQueueLimit`); retry after `Retry-After` seconds.",
    'The registry is busy composing; retry later',
  ),
  SCHEMA_WORK_TIMEOUT: define<{ timeoutMs: number }>(
    503,
    'Composing or diffing took longer than `schemaTaskTimeoutMs` (default 60 s); the work was stopped and nothing was stored.',
    ({ timeoutMs }) => `Composing and diffing took longer than ${timeoutMs} ms and was stopped`,
  ),
  UNKNOWN_GRAPH: define<{ graph: string }>(
    400,
    'The graph does not exist; an admin creates it with `POST /v1/graphs` first.',
    ({ graph }) => `Graph "${graph}" does not exist`,
  ),
  UNKNOWN_VARIANT: define<{ graph: string; variant: string; variants: string[] }>(
    404,
    'The graph has no variant with this name; `variants` lists the ones it has. A variant is created by its first publish or by `POST /v1/graphs/:graph/variants`.',
    ({ graph, variant, variants }) =>
      `Variant "${variant}" of graph "${graph}" does not exist (${
        variants.length > 0
          ? `existing variants: ${variants.join(', ')}`
          : `graph "${graph}" has no variants yet`
      }); a variant is created by its first publish or by \`atrium graph create ${graph}@${variant}\``,
  ),
  VARIANT_EXISTS: define<{ graph: string; variant: string }>(
    409,
    'The graph already has a variant with this name.',
    ({ graph, variant }) => `Variant ${graph}@${variant} already exists`,
  ),
  GRAPH_EXISTS: define<{ graph: string }>(
    409,
    'A graph with this name already exists.',
    ({ graph }) => `Graph "${graph}" already exists`,
  ),
  SUBGRAPH_NOT_FOUND: define<{ graph: string; variant: string; subgraph: string; subgraphs: string[] }>(
    404,
    'The variant has no current subgraph with this name; `subgraphs` lists the ones it has.',
    ({ graph, variant, subgraph, subgraphs }) =>
      `Subgraph "${subgraph}" does not exist in ${graph}@${variant} (${
        subgraphs.length > 0
          ? `existing subgraphs: ${subgraphs.join(', ')}`
          : `${graph}@${variant} has no subgraphs`
      })`,
  ),
  SUPERGRAPH_NOT_FOUND: define<{ graph: string; variant: string }>(
    404,
    'Nothing has been composed for the variant yet (or its last subgraph was deleted).',
    ({ graph, variant }) => `${graph}@${variant} has no supergraph`,
  ),
  VERSION_NOT_FOUND: define<{ graph: string; variant: string; version: number }>(
    404,
    'The variant has no supergraph version with this number.',
    ({ graph, variant, version }) => `${graph}@${variant} has no supergraph version ${version}`,
  ),
  TOKEN_NOT_FOUND: define<{ id: string }>(
    404,
    'No token has this id.',
    ({ id }) => `Token "${id}" does not exist`,
  ),
  TOKEN_NAME_AMBIGUOUS: define<{ name: string; ids: string[] }>(
    409,
    'Several active tokens have this name; revoke one by its id (`ids` lists them).',
    ({ name, ids }) => `Several active tokens are named "${name}" (${ids.join(', ')}); revoke one by its id`,
  ),
  LAST_ADMIN_TOKEN: define<{ id: string; name: string }>(
    409,
    'The token is the last active admin token: revoking it leaves nobody able to manage the registry (a revoked ATRIUM_ADMIN_TOKEN stays revoked). Repeat its id or name in `?confirm=` to revoke it anyway.',
    ({ id, name }) =>
      `Token ${id} (${name}) is the last active admin token: without it nobody can manage graphs and tokens until the registry is restarted with a new ATRIUM_ADMIN_TOKEN; confirm with ?confirm=${id} (atrium token revoke --yes)`,
  ),
  CONFIRMATION_REQUIRED: define<{ operation: string; expected: string }>(
    400,
    'A destructive request must repeat the name of what it destroys in `?confirm=` (the graph name, or `graph@variant` for a variant).',
    ({ operation, expected }) => `To ${operation}, repeat its name: ?confirm=${expected}`,
  ),
  GRAPH_DELETED: define<{ graph: string; deletedBy: string; deletedAt: string; reason: string | null }>(
    404,
    'The graph was deleted (by `deletedBy` at `deletedAt`); everything in it is gone. An admin may create a new graph of that name.',
    ({ graph, deletedBy, deletedAt, reason }) =>
      `Graph "${graph}" was deleted by ${deletedBy} at ${deletedAt}${reason ? ` (reason: ${reason})` : ''}`,
  ),
  VARIANT_DELETED: define<{
    graph: string;
    variant: string;
    deletedBy: string;
    deletedAt: string;
    reason: string | null;
    variants: string[];
  }>(
    404,
    'The variant was deleted (by `deletedBy` at `deletedAt`) with its subgraphs, versions and checks; `variants` lists those the graph has. A publish creates it again, empty of history.',
    ({ graph, variant, deletedBy, deletedAt, reason }) =>
      `Variant ${graph}@${variant} was deleted by ${deletedBy} at ${deletedAt}${reason ? ` (reason: ${reason})` : ''}`,
  ),
  CLIENT_NOT_FOUND: define<{ graph: string; client: string }>(
    404,
    'The graph has no client record with this id.',
    ({ graph, client }) => `Graph "${graph}" has no client record "${client}"`,
  ),
  CLIENT_EXISTS: define<{ graph: string; client: string }>(
    409,
    'The graph already has a client record with this id.',
    ({ graph, client }) => `Graph "${graph}" already has a client record "${client}"`,
  ),
  CLIENT_RESERVED: define<{ graph: string; client: string; operation: 'create' | 'delete' | 'recognise' }>(
    409,
    'The reserved client records `default` and `anonymous` always exist: they cannot be created or deleted, and whom they recognise cannot change; update their other fields.',
    ({ client, operation }) =>
      operation === 'create'
        ? `Client record "${client}" is reserved and always exists; update it instead`
        : operation === 'delete'
          ? `Client record "${client}" is reserved and cannot be deleted; update it instead`
          : `Whom the reserved client record "${client}" recognises cannot change`,
  ),
  CLIENT_ID_CONFLICT: define<{ graph: string; clientId: string; client: string }>(
    409,
    'Another client record of the graph already recognises this OIDC client id (`client`); an id belongs to one record.',
    ({ graph, clientId, client }) =>
      `OIDC client id "${clientId}" is already recognised by client record "${client}" of graph "${graph}"`,
  ),
  CLIENT_ADDRESS_CONFLICT: define<{ graph: string; address: string; client: string }>(
    409,
    'Another client record of the graph already recognises this address range (`client`); a range belongs to one record (overlapping ranges may: the most specific wins).',
    ({ graph, address, client }) =>
      `Address range ${address} is already recognised by client record "${client}" of graph "${graph}"`,
  ),
  CLIENT_VERSION_MISMATCH: define<{ graph: string; client: string; etag: string }>(
    412,
    'The `If-Match` header does not match the client record as it is now (someone changed it): read it again; `etag` is the current one.',
    ({ graph, client }) => `Client record "${client}" of graph "${graph}" has changed since it was read`,
  ),
  // Persisted operations (trusted documents) of client versions.
  OPERATION_ID_MISMATCH: define<{ mismatches: { id: string; name: string | null; expected: string }[] }>(
    400,
    'An operation id is not the sha256 (lowercase hex) of its body as sent; `mismatches` lists each one with the id the registry computed (`expected`). Nothing was stored.',
    ({ mismatches }) =>
      `${mismatches.length} operation id${mismatches.length === 1 ? ' does' : 's do'} not match the sha256 of the body (first: ${mismatches[0]?.id ?? '?'}, expected ${mismatches[0]?.expected ?? '?'})`,
  ),
  OPERATIONS_INVALID: define<{
    schemaHash: string;
    invalidOperations: number;
    errors: OperationProblemDetail[];
  }>(
    400,
    "One or more operations do not validate against the variant's current API schema (or are not one operation each, or their manifest `name` or `type` disagrees with the body); `errors` lists each problem as `{ id, name, message, locations }` (at most 500), `invalidOperations` counts the operations, `schemaHash` names the supergraph validated against. The whole publish was refused: nothing was stored.",
    ({ invalidOperations }) =>
      `${invalidOperations} operation${invalidOperations === 1 ? ' does' : 's do'} not validate against the current API schema; nothing was stored`,
  ),
  TOO_MANY_OPERATIONS: define<{ client: string; version: string; count: number; limit: number }>(
    413,
    'The client version would hold more operations than the registry accepts (`maxOperationsPerVersion`, default 5,000), counting those it has; nothing was stored.',
    ({ client, version, count, limit }) =>
      `Client version ${client}@${version} would hold ${count} operations; the registry accepts at most ${limit}`,
  ),
  OPERATION_TOO_LARGE: define<{ id: string; bytes: number; limit: number }>(
    413,
    'An operation body is larger than the registry accepts (`maxOperationBytes`, default 64 KiB, UTF-8); nothing was stored.',
    ({ id, bytes, limit }) => `Operation ${id} is ${bytes} bytes; the registry accepts at most ${limit}`,
  ),
  UNKNOWN_CLIENT_VERSION: define<{ graph: string; variant: string; client: string; version: string }>(
    404,
    'The client has no registered version with this name in the variant.',
    ({ graph, variant, client, version }) =>
      `Client "${client}" has no registered version "${version}" in ${graph}@${variant}`,
  ),
  CLIENT_VERSION_RETIRED: define<{ graph: string; variant: string; client: string; version: string }>(
    409,
    'The client version is retired: its operation set is closed. Register the operations under a new version.',
    ({ graph, variant, client, version }) =>
      `Client version ${client}@${version} of ${graph}@${variant} is retired; publish a new version instead`,
  ),
  COMPOSITION_FAILED: define<{ errors: CompositionErrorDetail[] }>(
    422,
    'The subgraphs do not compose into a supergraph; `errors` lists each composition error with its subgraph and location. Nothing was stored.',
    ({ errors }) => `Composition failed with ${errors.length} error${errors.length === 1 ? '' : 's'}`,
  ),
  BREAKING_CHANGES: define<{ checkId: string; report: unknown; ignoredApprovals: { message: string }[] }>(
    409,
    'The publish or delete was refused: its schema check failed (breaking changes or error lint findings) and was neither approved nor forced. `report` is the check report; the check is stored under `checkId`; `ignoredApprovals` says why approvals of the same input did not apply.',
    ({ checkId, ignoredApprovals }) =>
      `The schema check failed; ${ignoredApprovals.map((ignored) => `${ignored.message}; `).join('')}approve check ${checkId} or retry with --force and a reason`,
  ),
  BATCH_BREAKING_CHANGES: define<{
    blocked: {
      subgraph: string;
      checkId: string;
      report: unknown;
      ignoredApprovals: { message: string }[];
    }[];
  }>(
    409,
    'A batch publish was refused: the check of at least one of its subgraphs failed and was neither approved nor forced; nothing was published. `blocked` lists each such subgraph with its stored check (`checkId`, `report`) and the approvals that did not apply.',
    ({ blocked }) =>
      `The schema check of ${blocked.map((entry) => `${entry.subgraph} (check ${entry.checkId})`).join(', ')} failed; nothing was published; approve the check${blocked.length === 1 ? '' : 's'} or retry with --force and a reason`,
  ),
  CHECK_NOT_FOUND: define<{ id: string }>(
    404,
    'No schema check has this id.',
    ({ id }) => `Check "${id}" does not exist`,
  ),
  CHECK_NOT_APPROVABLE: define<{ id: string; reason: string }>(
    409,
    'Only a failed check whose proposal composes, run against the variant as it still is, can be approved.',
    ({ id, reason }) => `Check "${id}" cannot be approved: ${reason}`,
  ),
  CHECK_ALREADY_APPROVED: define<{
    id: string;
    approvedBy: string;
    approvedAt: string;
    reason: string | null;
    expiresAt: string;
  }>(
    409,
    'The check has an approval that has not expired; it stands and nothing was changed. An expired approval can be renewed.',
    ({ id, approvedBy, approvedAt, reason, expiresAt }) =>
      `Check ${id} was already approved by ${approvedBy} at ${approvedAt}${reason ? ` (reason: ${reason})` : ''}, valid until ${expiresAt}`,
  ),
  REASON_REQUIRED: define(
    400,
    'A forced publish or delete (`force: true`) needs a non-empty `reason`, which goes to the audit log.',
    'A forced publish or delete needs a reason',
  ),
  DASHBOARD_NOT_BUILT: define<{ dir: string }>(
    404,
    'The web dashboard (`/ui`) was not built: `npm run build:dashboard` (or `npm ci`) writes it to `dist/dashboard`.',
    ({ dir }) => `The dashboard is not built (no ${dir}/index.html): run npm run build:dashboard`,
  ),
  NOT_FOUND: define<{ method: string; url: string }>(
    404,
    'No route matches the method and path.',
    ({ method, url }) => `Route ${method} ${url} not found`,
  ),
  INVALID_CONFIG: define<{ issues: InputIssue[] }>(
    500,
    'The registry configuration (environment variables or options) is invalid; raised at start, never over HTTP.',
    ({ issues }) =>
      `Invalid registry configuration: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
  ),
  ADMIN_TOKEN_UNUSABLE: define<{
    tokenId: string;
    tokenName: string;
    role: string;
    problem: 'revoked' | 'not-admin';
    revokedAt: string | null;
  }>(
    500,
    'ATRIUM_ADMIN_TOKEN is the secret of a revoked token, or of a token that is not an admin; the registry refuses to start (raised at start, never over HTTP).',
    ({ tokenId, tokenName, role, problem, revokedAt }) =>
      `ATRIUM_ADMIN_TOKEN is the secret of ${
        problem === 'revoked'
          ? `token "${tokenName}" (${tokenId}), which was revoked at ${revokedAt ?? '?'}; a revoked token stays revoked.`
          : `${role} token "${tokenName}" (${tokenId}), not of an admin token; it is not made an admin.`
      } Set ATRIUM_ADMIN_TOKEN to a new secret (at least 20 characters), or unset it to sign in with another admin token, and start the registry again`,
  ),
  DATA_DIR_LOCKED: define<{
    dataDir: string;
    lockFile: string;
    pid: number;
    hostname: string;
    startedAt: string;
  }>(
    500,
    'Another registry process holds the PGlite data directory (its lock file names the process); raised at start, never over HTTP.',
    ({ dataDir, lockFile, pid, hostname, startedAt }) =>
      `The data directory ${dataDir} is in use by another registry (pid ${pid} on ${hostname}, started ${startedAt}). ` +
      `Stop that registry first; if no such process exists, delete ${lockFile}.`,
  ),
  WEBHOOK_NOT_FOUND: define<{ graph: string; id: string }>(
    404,
    'The graph has no webhook with this id.',
    ({ graph, id }) => `Graph "${graph}" has no webhook ${id}`,
  ),
  WEBHOOK_LIMIT_REACHED: define<{ graph: string; limit: number }>(
    409,
    'The graph has as many webhooks as a graph may have; delete one first. Nothing was created.',
    ({ graph, limit }) => `Graph "${graph}" already has ${limit} webhooks, the most a graph may have`,
  ),
  WEBHOOK_TARGET_DENIED: define<{ url: string; problem: string }>(
    400,
    'The webhook URL is not a target the registry sends to: not https (http only to loopback), with credentials, or a literal address in a denied range (docs/webhooks.md, "Targets"). Nothing was created.',
    ({ problem }) => `The webhook URL is refused: it ${problem}`,
  ),
  INTERNAL: define(
    500,
    'An unexpected error; it is logged and its details are masked.',
    'Internal server error',
  ),
};

export type RegistryErrorCode = keyof typeof specs;
export type RegistryErrorCatalogue = ErrorCatalogue<typeof specs, RegistryError, number>;

export const RegistryErrors: RegistryErrorCatalogue = buildErrorCatalogue(
  specs,
  ({ code, spec, message, details }) => new RegistryError(code, spec.status, message, details),
);
