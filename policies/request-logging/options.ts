import { z } from 'zod';

/** Options of the `request-logging` policy; every one has a default, so `{ enabled: true }` is enough. */
export const requestLoggingOptions = z.strictObject({
  /** Log level of the per-request line. Default `info`. */
  level: z.enum(['trace', 'debug', 'info', 'warn']).default('info'),
  /** Header carrying the client's name. Default `apollographql-client-name`. */
  clientNameHeader: z.string().min(1).toLowerCase().default('apollographql-client-name'),
  /** Header carrying the client's version. Default `apollographql-client-version`. */
  clientVersionHeader: z.string().min(1).toLowerCase().default('apollographql-client-version'),
});

export type RequestLoggingOptions = z.output<typeof requestLoggingOptions>;
