import { authorize } from '../../services/authorization.js';
import { approveCheck } from '../../services/checks/schema-checks.js';
import { approveBodySchema, checkParamsSchema } from '../input-schemas.js';
import { authenticateRequest, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { notifyApproval } from '../../webhooks/write-events.js';

/** Admin or the subgraph's owner team, within the token's graphs (checked by the service, which knows both). */
export const approveCheckRoute: RouteFactory = (ctx) => ({
  method: 'POST',
  url: '/v1/checks/:id/approve',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: null });
    const { id } = validate(checkParamsSchema, request.params);
    const body = validate(approveBodySchema, request.body);
    const reason = body?.reason?.trim() || null;
    const check = await approveCheck(ctx, { id, principal, reason });
    notifyApproval(ctx, check);
    return { check };
  },
});
