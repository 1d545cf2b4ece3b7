/** Where supergraph SDL comes from over time: the registry (polled) or a file (watched). */

export interface SupergraphCandidate {
  readonly supergraphSdl: string;
  /** Registry version number, when the source has one. */
  readonly version: number | null;
  /** Human description for logs: `registry shop@prod v3`, `file /etc/atrium/supergraph.graphql`. */
  readonly origin: string;
}

/** Resolves once the hub has accepted or rejected the candidate (it logs the verdict itself). */
export type CandidateListener = (candidate: SupergraphCandidate) => Promise<void>;

export type FirstAttempt = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface SupergraphSource {
  /** For logs and `/ready` reasons; never contains secrets. */
  readonly description: string;
  /**
   * Makes a first attempt (and waits for the listener's verdict on what it found), resolves with how that
   * went, then keeps polling or watching in the background until `stop()`.
   */
  start(listener: CandidateListener): Promise<FirstAttempt>;
  stop(): Promise<void>;
}
