import { authorize } from '../../services/authorization.js';
import { coordinatesUsageTimelines } from '../../services/usage-timeline.js';
import { variantParamsSchema } from '../input-schemas.js';
import { authenticateRequest, pathParam, validate } from '../preamble.js';
import type { RouteFactory } from '../route.js';
import { timelinesQuerySchema } from './usage-schemas.js';

/** Usage of several coordinates per day (or hour), all clients together: the explorer's sparklines. */
export const getUsageTimelinesRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/graphs/:graph/variants/:variant/usage/timelines',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    authorize(principal, { action: 'read', graph: pathParam(request, 'graph') });
    const ref = validate(variantParamsSchema, request.params);
    const { coordinates, period } = validate(timelinesQuerySchema, request.query);
    return coordinatesUsageTimelines(ctx, ref, coordinates, period);
  },
});
