import { authorize } from '../../services/authorization.js';
import { fieldUsageTimeline } from '../../services/usage-timeline.js';
import { variantParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { fieldParamsSchema, periodQuerySchema } from './usage-schemas.js';

/** Usage of one coordinate per day (or hour) and client version: the dashboard's chart. */
export const getFieldUsageTimelineRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/variants/:variant/usage/fields/:coordinate/timeline',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const ref = validate(variantParamsSchema, request.params);
    const { coordinate } = validate(fieldParamsSchema, request.params);
    const { period } = validate(periodQuerySchema, request.query);
    return fieldUsageTimeline(ctx, ref, coordinate, period);
  },
});
