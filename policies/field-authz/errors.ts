/** The error codes of the `field-authz` policy (part of the hub's catalogue, see `policies/contract/hub-error.ts`). */
import { defineHubError as define, defineHubErrors } from '../contract/hub-error.js';

export const FieldAuthzErrors = defineHubErrors({
  UNAUTHORIZED_FIELD_OR_TYPE: define<{ coordinate: string }>(
    null,
    'Authorization `filter` mode: the caller may not read this field; it was removed before query planning (no subgraph was asked) and answered `null`. One error per place in the response the field would have been resolved, at its response path with list indices (`["topProducts", 0, "reviews", 1, "author", "email"]`), inside a 200 response. Details: `coordinate` (`Type.field`).',
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
});
