import { authorize } from '../../services/authorization.js';
import { ingestUsage } from '../../services/usage-ingest.js';
import { variantParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { gunzipBody } from './gunzip-body.js';
import { usageBatchSchema } from './usage-schemas.js';

/** What hubs send (`usage` or admin tokens): one batch of aggregated usage, idempotent per `batchId`. */
export const ingestUsageRoute: RouteFactory = (ctx) => ({
  method: 'POST',
  url: '/v1/graphs/:graph/variants/:variant/usage',
  preParsing: gunzipBody,
  async handler(request, reply) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'write-usage', graph: pathParam(request, 'graph') });
    const ref = validate(variantParamsSchema, request.params);
    const batch = validate(usageBatchSchema, request.body);
    const result = await ingestUsage(ctx, ref, batch);
    ctx.metrics?.usageIngested(result.duplicate, batch.entries.length - result.ignoredEntries);
    return reply.code(result.duplicate ? 200 : 202).send(result);
  },
});
