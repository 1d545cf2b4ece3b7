/**
 * The lifecycle of the enabled policies: `start` in table order once the hub listens (each awaited before the
 * next), `stop` in reverse table order when it closes, and their state for `/ready`: a policy is not ready
 * while it starts or after its start failed, and may report itself degraded or unavailable (`status()`).
 */
import type { Logger } from 'pino';
import type { PolicyInstance } from '../../policies/contract/policy.js';

export type PoliciesReadiness =
  | {
      readonly ready: true;
      readonly degraded: readonly { readonly policy: string; readonly reason: string }[];
    }
  | { readonly ready: false; readonly policy: string; readonly reason: string };

interface Entry {
  readonly name: string;
  readonly instance: PolicyInstance;
  phase: 'idle' | 'starting' | 'started' | 'failed';
  failure?: string;
}

export class PolicyLifecycles {
  readonly #entries: Entry[];
  readonly #logger: Logger;
  #starting: Promise<void> | undefined;

  constructor(
    instances: readonly { readonly name: string; readonly instance: PolicyInstance }[],
    logger: Logger,
  ) {
    this.#entries = instances.map(({ name, instance }) => ({
      name,
      instance,
      phase: instance.start === undefined ? 'started' : 'idle',
    }));
    this.#logger = logger;
  }

  /** Starts the policies in table order; never rejects (a failure is kept for `/ready` and logged). */
  start(): Promise<void> {
    this.#starting ??= (async () => {
      for (const entry of this.#entries) {
        if (entry.instance.start === undefined) continue;
        entry.phase = 'starting';
        try {
          await entry.instance.start();
          entry.phase = 'started';
        } catch (error) {
          entry.phase = 'failed';
          entry.failure = error instanceof Error ? error.message : String(error);
          this.#logger.error({ policy: entry.name, err: entry.failure }, 'policy failed to start');
        }
      }
    })();
    return this.#starting;
  }

  /** Stops the policies in reverse table order, after their start settled; a failure is logged, not thrown. */
  async stop(): Promise<void> {
    await this.#starting;
    for (const entry of [...this.#entries].reverse()) {
      if (entry.instance.stop === undefined || entry.phase === 'idle') continue;
      try {
        await entry.instance.stop();
      } catch (error) {
        this.#logger.error({ policy: entry.name, err: (error as Error).message }, 'policy failed to stop');
      }
    }
  }

  readiness(): PoliciesReadiness {
    const degraded: { policy: string; reason: string }[] = [];
    for (const entry of this.#entries) {
      if (entry.phase === 'idle' || entry.phase === 'starting') {
        return { ready: false, policy: entry.name, reason: `policy "${entry.name}" is starting` };
      }
      if (entry.phase === 'failed') {
        return {
          ready: false,
          policy: entry.name,
          reason: `policy "${entry.name}" failed to start: ${entry.failure ?? 'unknown error'}`,
        };
      }
      const status = entry.instance.status?.() ?? { state: 'ready' };
      if (status.state === 'unavailable') {
        return { ready: false, policy: entry.name, reason: `policy "${entry.name}": ${status.reason}` };
      }
      if (status.state === 'degraded') degraded.push({ policy: entry.name, reason: status.reason });
    }
    return { ready: true, degraded };
  }
}
