import { z } from 'zod';

/** Options of the `clients` policy (README.md). The records themselves come from the registry or `clients.records`. */
export const clientsOptions = z.strictObject({
  /** The request headers read as labels (logs, metrics): they never select the record. */
  labelHeaders: z
    .strictObject({
      name: z.string().min(1).toLowerCase().default('apollographql-client-name'),
      version: z.string().min(1).toLowerCase().default('apollographql-client-version'),
    })
    .prefault({}),
});

export type ClientsOptions = z.output<typeof clientsOptions>;
export type ClientsOptionsInput = z.input<typeof clientsOptions>;
