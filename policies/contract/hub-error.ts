/**
 * The errors of the hub and of its policies: `GraphQLError`s carrying `extensions.code` and, when the
 * catalogue gives a status, `extensions.http.status`. Apollo Server turns an error thrown from a plugin hook
 * (or the context function) into a 500 unless that extension is set, and strips it from the response after
 * using it. A definition may also give response headers (`WWW-Authenticate`, `Retry-After`): they travel as
 * `extensions.http.headers`, a `Map` (Apollo Server 5 merges any `Map` there into the response head, see
 * `errorNormalize.js`), and the hub's own HTTP layer writes `HubError.headers` for errors it answers itself.
 * `status: null` marks errors that must not change the response status (an error inside partial data, which
 * stays 200) or that never reach a client (boot errors).
 *
 * The hub's own codes are in `hub/errors.ts`; each policy keeps its codes in its folder (`errors.ts`, built
 * with `defineHubErrors`) and names them in its definition (`errors:`). Together they are the hub's one
 * catalogue, which `docs/errors.md` lists; codes are never reused.
 */
import { GraphQLError } from 'graphql';
import {
  buildErrorCatalogue,
  type ErrorCatalogue,
  type ErrorDefinition,
  type ErrorDetails,
  type ErrorSpec,
  type ErrorSpecBase,
} from '../../lib/error-catalogue.js';

export type { ErrorDetails } from '../../lib/error-catalogue.js';

export type ResponseHeaders = Readonly<Record<string, string>>;

export class HubError extends GraphQLError {
  override readonly name = 'HubError';

  constructor(
    readonly code: string,
    readonly status: number | null,
    message: string,
    readonly details: ErrorDetails,
    /** Response headers to send with the error, names in lower case. */
    readonly headers: ResponseHeaders = {},
  ) {
    super(message, { extensions: { ...details, code, ...httpExtension(status, headers) } });
  }
}

function httpExtension(status: number | null, headers: ResponseHeaders): { http?: object } {
  if (status === null) return {};
  const entries = Object.entries(headers);
  return { http: entries.length === 0 ? { status } : { status, headers: new Map(entries) } };
}

interface SpecExtras<D> {
  /** Response headers derived from the details. */
  readonly headers?: (details: D) => ResponseHeaders;
  /** Details used for the message or headers only, left out of `extensions`. */
  readonly internal?: readonly string[];
}

export interface HubErrorSpec<D extends ErrorDetails | void>
  extends ErrorSpec<D, number | null>, SpecExtras<D> {}

/** One catalogue entry: `defineHubError<{ limitBytes: number }>(413, 'description', ({ limitBytes }) => …)`. */
export function defineHubError<D extends ErrorDetails | void = void>(
  status: number | null,
  description: string,
  message: string | ((details: D) => string),
  extras: SpecExtras<D> = {},
): HubErrorSpec<D> {
  return { status, description, message, ...extras };
}

export type HubErrorDefinition<D extends ErrorDetails | void = never> = ErrorDefinition<
  D,
  HubError,
  number | null
>;

export type HubErrorCatalogue<Specs> = ErrorCatalogue<Specs, HubError, number | null>;

function withoutKeys(details: ErrorDetails, keys: readonly string[] | undefined): ErrorDetails {
  if (keys === undefined) return details;
  return Object.fromEntries(Object.entries(details).filter(([key]) => !keys.includes(key)));
}

export function defineHubErrors<Specs extends Readonly<Record<string, ErrorSpecBase<number | null>>>>(
  specs: Specs,
): HubErrorCatalogue<Specs> {
  return buildErrorCatalogue<number | null, Specs, HubError>(specs, ({ code, spec, details, message }) => {
    const typed = spec as unknown as HubErrorSpec<ErrorDetails>;
    const exposed = withoutKeys(details, typed.internal);
    return new HubError(code, typed.status, message, exposed, typed.headers?.(details) ?? {});
  });
}

/** The definitions of a catalogue, as a list (for the boot check that no code is defined twice, and the docs). */
export function hubErrorDefinitionsOf(
  catalogue: Readonly<Record<string, HubErrorDefinition>>,
): readonly HubErrorDefinition[] {
  return Object.values(catalogue);
}
