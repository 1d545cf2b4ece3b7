/**
 * The webhook options of the registry (`createRegistry({ webhooks })`, the ATRIUM_WEBHOOK_* variables), with
 * their documented defaults (docs/webhooks.md, "Configuration").
 */
import { z } from 'zod';
import { parseSecretKey } from './secret-box.js';
import { rangeProblem, type WebhookTargetOptions } from './target-policy.js';

export interface WebhookOptions extends WebhookTargetOptions {
  /** Attempts per delivery, the first included (default 12: about 1.2 to 2.4 hours of retries). */
  readonly maxAttempts: number;
  /** The deadline of one attempt: connect, answer and body (default 10 s). */
  readonly attemptTimeoutMs: number;
  /** The first retry waits about this long (half to all of it), each next one twice as long (default 5 s). */
  readonly retryBaseMs: number;
  /** No wait between attempts is longer (default an hour). */
  readonly retryMaxMs: number;
  /** Attempts under way at once (default 4). */
  readonly concurrency: number;
  /** How often the worker looks for due deliveries besides being woken (another registry's, a lapsed lease). */
  readonly pollIntervalMs: number;
  /** How often deprecated elements are evaluated for `deprecated.safe_to_remove` (default an hour). */
  readonly deprecationIntervalMs: number;
  /** The usage period of that evaluation, as in `usage deprecated --period` (default 30d). */
  readonly deprecationPeriod: string;
  /** Delivered and failed deliveries are kept this many days, then pruned with the evaluation (default 30). */
  readonly deliveryRetentionDays: number;
  /** Seals stored signing secrets with AES-256-GCM (secret-box.ts): 32 bytes as base64 or hex. Default: none. */
  readonly secretKey?: string | undefined;
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = Object.freeze({
  maxAttempts: 12,
  attemptTimeoutMs: 10_000,
  retryBaseMs: 5_000,
  retryMaxMs: 3_600_000,
  concurrency: 4,
  pollIntervalMs: 30_000,
  deprecationIntervalMs: 3_600_000,
  deprecationPeriod: '30d',
  deliveryRetentionDays: 30,
  allowedRanges: [],
  deniedRanges: [],
  dangerouslyAllowHttp: false,
});

const range = z.string().superRefine((text, context) => {
  const problem = rangeProblem(text);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});
/** Never echoed in an error: the message names the expected form only. */
export const secretKeySchema = z
  .string()
  .refine((text) => parseSecretKey(text) !== null, 'must be 32 bytes, as base64 or as 64 hex digits');
const ms = (max: number) => z.number().int().positive().max(max);

export const webhookOptionsSchema = z.strictObject({
  maxAttempts: z.number().int().min(1).max(50).optional(),
  attemptTimeoutMs: ms(120_000).optional(),
  retryBaseMs: ms(3_600_000).optional(),
  retryMaxMs: ms(86_400_000).optional(),
  concurrency: z.number().int().min(1).max(64).optional(),
  pollIntervalMs: ms(3_600_000).optional(),
  deprecationIntervalMs: ms(86_400_000 * 7).optional(),
  deprecationPeriod: z
    .string()
    .regex(/^[1-9][0-9]{0,3}[dh]$/, 'must be a number of days or hours, like "30d" or "12h"')
    .optional(),
  deliveryRetentionDays: z.number().int().min(1).max(3660).optional(),
  allowedRanges: z.array(range).optional(),
  deniedRanges: z.array(range).optional(),
  dangerouslyAllowHttp: z.boolean().optional(),
  secretKey: secretKeySchema.optional(),
});

/** `ATRIUM_WEBHOOK_ALLOW` / `ATRIUM_WEBHOOK_DENY`: comma-separated ranges. */
export const rangesEnvSchema = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== ''),
  )
  .pipe(z.array(range));

export function resolveWebhookOptions(options: Partial<WebhookOptions> | undefined): WebhookOptions {
  return Object.freeze({ ...DEFAULT_WEBHOOK_OPTIONS, ...options });
}
