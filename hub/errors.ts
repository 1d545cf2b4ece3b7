/**
 * The hub's error catalogue: every error the hub produces has a stable code, an HTTP status (or none) and a
 * description here. Throw through it (`HubErrors.PAYLOAD_TOO_LARGE.create({ limitBytes })`), never with ad-hoc
 * strings. `docs/errors.md` lists the same codes; a test keeps the two in step. Codes are never reused.
 *
 * Errors are `GraphQLError`s carrying `extensions.code` and, when the catalogue gives a status,
 * `extensions.http.status`: Apollo Server turns an error thrown from a plugin hook into a 500 unless that
 * extension is set, and strips it from the response after using it. `status: null` marks errors that must not
 * change the response status (an error inside partial data, which stays 200) or that never reach a client
 * (boot errors).
 */
import { GraphQLError } from 'graphql';

export type ErrorDetails = Record<string, unknown>;

export class HubError extends GraphQLError {
  override readonly name = 'HubError';

  constructor(
    readonly code: string,
    readonly status: number | null,
    message: string,
    readonly details: ErrorDetails,
  ) {
    super(message, {
      extensions: status === null ? { ...details, code } : { ...details, code, http: { status } },
    });
  }
}

export interface ErrorDefinition<D extends ErrorDetails | void> {
  readonly code: string;
  readonly status: number | null;
  readonly description: string;
  create(...args: D extends ErrorDetails ? [details: D] : []): HubError;
}

interface Spec<D extends ErrorDetails | void> {
  readonly status: number | null;
  readonly description: string;
  readonly message: string | ((details: D) => string);
}

function define<D extends ErrorDetails | void = void>(
  status: number | null,
  description: string,
  message: string | ((details: D) => string),
): Spec<D> {
  return { status, description, message };
}

function toDefinition<D extends ErrorDetails | void>(code: string, spec: Spec<D>): ErrorDefinition<D> {
  return Object.freeze({
    code,
    status: spec.status,
    description: spec.description,
    create(...args: D extends ErrorDetails ? [details: D] : []): HubError {
      const details = args[0] as D;
      const message = typeof spec.message === 'string' ? spec.message : spec.message(details);
      return new HubError(code, spec.status, message, details ?? {});
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
