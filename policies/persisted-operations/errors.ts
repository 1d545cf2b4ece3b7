/**
 * The error codes of the `persisted-operations` policy (part of the hub's catalogue). Every refusal happens
 * while the context is built, before Apollo parses anything: no subgraph is asked.
 */
import { defineHubErrors, defineHubError } from '../contract/hub-error.js';

export const PersistedOperationsErrors = defineHubErrors({
  PERSISTED_QUERY_NOT_FOUND: defineHubError<{ id: string }>(
    200,
    'The request names an operation by id (`extensions.persistedQuery.sha256Hash`, `documentId`) that is not registered for its client (or, for `off` and `audit` clients, for any client) and sends no `query`. HTTP 200, as Apollo Server answers it, so APQ clients retry with the full document. Details: `id`.',
    'PersistedQueryNotFound',
  ),
  OPERATION_NOT_ALLOWED: defineHubError<{ client: string }>(
    403,
    'The client record is in `enforce` mode and the document sent is not registered for one of its active versions (matched by the sha256 of the body, or of its normalised form). Register it with `atrium operations publish`. Details: `client`.',
    ({ client }) => `This operation is not registered for client ${client}`,
  ),
  PERSISTED_QUERY_ID_REQUIRED: defineHubError<{ client: string }>(
    403,
    'The client record is in `ids-only` mode: it must send registered operations by id (`extensions.persistedQuery.sha256Hash` or `documentId`) without the document, even a registered one. Details: `client`.',
    ({ client }) => `Client ${client} must send operations by id`,
  ),
  PERSISTED_QUERY_ID_INVALID: defineHubError<{ reason: string }>(
    400,
    'The operation id is not a sha256 hex digest (`<hash>`, `sha256:<hash>` or `<client>~<version>~<hash>`), or the `query` sent with it does not hash to it. Details: `reason`.',
    ({ reason }) => `Invalid persisted operation id: ${reason}`,
  ),
});
