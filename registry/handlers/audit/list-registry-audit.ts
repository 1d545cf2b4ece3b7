import { authorize } from '../../services/authorization.js';
import { listRegistryAuditEntries } from '../../services/registry-audit.js';
import { limitQuerySchema, nameSchema } from '../input-schemas.js';
import { authenticateRequest, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';

const querySchema = limitQuerySchema.extend({ graph: nameSchema.optional() });

/** Registry-level audit entries (graph and variant deletions, token revocations), newest first; admin only. */
export const listRegistryAuditRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/audit',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'admin' });
    const { limit, graph } = validate(querySchema, request.query);
    return { entries: await listRegistryAuditEntries(ctx, { limit: limit ?? 100, graph }) };
  },
});
