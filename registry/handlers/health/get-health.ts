import type { RouteFactory } from '../route.js';

export const getHealthRoute: RouteFactory = () => ({
  method: 'GET',
  url: '/health',
  handler: () => Promise.resolve({ status: 'ok' }),
});
