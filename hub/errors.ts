/**
 * The hub's own error catalogue: every error the hub core produces has a stable code, an HTTP status (or none)
 * and a description here. Throw through it (`HubErrors.PAYLOAD_TOO_LARGE.create({ limitBytes })`), never with
 * ad-hoc strings. The errors are `HubError`s (`policies/contract/hub-error.ts`, which says how status and
 * headers reach the client). Each policy keeps its own codes in its folder; `hub/error-definitions.ts` lists
 * them all, `docs/errors.md` documents them, and a test keeps the two in step. Codes are never reused.
 */
import { defineHubError as define, defineHubErrors } from '../policies/contract/hub-error.js';

export { HubError, type HubErrorDefinition, type ResponseHeaders } from '../policies/contract/hub-error.js';

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
  POLICY_NOT_READY: define<{ reason: string }>(
    503,
    'A policy is not ready to serve: it is starting (connecting a store, loading a manifest), failed to start, or reports itself unavailable. `/ready` gives the reason. Header `Retry-After: 5`. Details: `reason`.',
    ({ reason }) => `The hub is not ready: ${reason}; retry later`,
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
    'Boot: an enabled policy depends on a policy that is not enabled (for example `quotas` without `cost`).',
    ({ policy, dependsOn }) => `Policy "${policy}" depends on "${dependsOn}", which is not enabled`,
  ),
};

export const HubErrors = defineHubErrors(specs);
