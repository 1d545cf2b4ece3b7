import { watch, type FSWatcher } from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
import { pino } from 'pino';
import { CliError } from '../../cli-error.js';
import type { CommandContext } from '../../command-context.js';
import { formatCompositionErrors } from '../../composition-errors.js';
import { outputStyle } from '../../output-style.js';
import { parsePort } from '../../parse-port.js';
import { loadSubgraphSdl, readSupergraphConfig, type SubgraphSpec } from '../../supergraph-config.js';
import { waitForShutdownSignal } from '../../wait-for-signal.js';

interface Flags {
  readonly config: string;
  readonly port?: number;
  readonly host?: string;
  readonly hubConfig?: string;
  readonly pollInterval: string;
  readonly supergraphOut?: string;
}

/**
 * `atrium dev --config supergraph.yaml`: the local loop of `rover dev`. Composes the subgraphs the file names
 * (schema files and/or running subgraphs), writes the supergraph to a file and runs a hub over it; when a schema
 * file changes, or a subgraph URL serves a different SDL on the next poll, it composes again and the hub reloads
 * (a composition that fails is printed and the hub keeps the last good supergraph). Ctrl-C stops it.
 */
export function devCommand(ctx: CommandContext): Command {
  return new Command('dev')
    .description(
      'compose the subgraphs of a supergraph.yaml (files and/or URLs) and run a hub over them that reloads when a ' +
        "schema file changes or a subgraph URL's SDL changes (polled); like rover dev",
    )
    .option(
      '--config <file>',
      "supergraph.yaml in Rover's format (see atrium supergraph compose)",
      'supergraph.yaml',
    )
    .option('--port <port>', 'hub port (default: 4000, or the hub config file)', parsePort)
    .option('--host <host>', 'hub interface (default: 127.0.0.1)')
    .option('--hub-config <file>', 'hub config file for policies, CORS… (its supergraph source is replaced)')
    .option('--poll-interval <ms>', 'how often subgraph URLs are introspected for changes', '1000')
    .option('--supergraph-out <file>', 'where to write the composed supergraph (default: a temporary file)')
    .action(async (flags: Flags) => {
      const pollMs = Number(flags.pollInterval);
      if (!Number.isInteger(pollMs) || pollMs < 100)
        throw CliError.usage('--poll-interval must be a whole number of milliseconds, at least 100');
      const specs = await readSupergraphConfig(ctx.io.cwd, flags.config);
      const temporary = flags.supergraphOut ? undefined : await mkdtemp(join(tmpdir(), 'atrium-dev-'));
      const out = flags.supergraphOut
        ? resolve(ctx.io.cwd, flags.supergraphOut)
        : join(temporary ?? '', 'supergraph.graphql');
      const loop = new DevLoop(ctx, specs, out);
      if (!(await loop.composeOnce()))
        ctx.io.stderr('atrium dev: waiting for a composition that succeeds before starting the hub…\n');
      await loop.firstGood;

      const { loadHubConfig } = await import('../../../hub/config/load-hub-config.js');
      const { startHub } = await import('../../../hub/server.js');
      const config = loadHubConfig({
        ...(flags.hubConfig ? { file: flags.hubConfig } : {}),
        env: ctx.io.env,
        cwd: ctx.io.cwd,
        overrides: {
          server: {
            ...(flags.port === undefined ? {} : { port: flags.port }),
            ...(flags.host ? { host: flags.host } : {}),
          },
          supergraph: { file: out },
        },
      });
      const hub = await startHub(config, { logger: pino({ level: config.logLevel }, pino.destination(2)) });
      ctx.io.stdout(
        `atrium dev: hub on ${hub.url}${config.server.graphqlPath} over ${specs.length} subgraphs; Ctrl-C stops\n`,
      );
      loop.watch(pollMs);
      await waitForShutdownSignal();
      loop.stop();
      await hub.close();
      if (temporary) await rm(temporary, { recursive: true, force: true });
    });
}

class DevLoop {
  #lastHash: string | undefined;
  #lastSdl = new Map<string, string>();
  #watchers: FSWatcher[] = [];
  #timers: NodeJS.Timeout[] = [];
  #pending: NodeJS.Timeout | undefined;
  #running: Promise<boolean> | undefined;
  #resolveFirst!: () => void;
  readonly firstGood = new Promise<void>((resolve) => (this.#resolveFirst = resolve));

  constructor(
    private readonly ctx: CommandContext,
    private readonly specs: readonly SubgraphSpec[],
    private readonly out: string,
  ) {}

  /** Composes once; writes the supergraph (atomically: the hub never reads half a file) when it changed. */
  async composeOnce(): Promise<boolean> {
    const style = outputStyle(this.ctx.io, 'stderr');
    try {
      const subgraphs = await loadSubgraphSdl(this.specs);
      for (const s of subgraphs) this.#lastSdl.set(s.name, s.sdl);
      const { composeSubgraphs } = await import('../../../registry/services/composition.js');
      const outcome = composeSubgraphs(subgraphs);
      if (!outcome.ok) {
        this.ctx.io.stderr(formatCompositionErrors(outcome.errors, style));
        return false;
      }
      if (outcome.hash !== this.#lastHash) {
        const part = `${this.out}.${process.pid}.tmp`;
        await writeFile(part, outcome.supergraphSdl);
        await rename(part, this.out);
        const first = this.#lastHash === undefined;
        this.#lastHash = outcome.hash;
        this.ctx.io.stderr(
          `${style.passed(`composed ${subgraphs.length} subgraphs`)} (${outcome.hash.slice(0, 12)})${first ? '' : '; the hub reloads'}\n`,
        );
      }
      this.#resolveFirst();
      return true;
    } catch (error) {
      this.ctx.io.stderr(`${style.failed('atrium dev:')} ${(error as Error).message}\n`);
      return false;
    }
  }

  watch(pollMs: number): void {
    for (const spec of this.specs) {
      if (spec.kind === 'file') {
        // The directory, not the file: editors often replace a file (write a new one, rename it over the old).
        const watcher = watch(dirname(spec.file), { persistent: false }, (_event, name) => {
          if (name === null || name === basename(spec.file)) this.#schedule();
        });
        watcher.on('error', () => undefined);
        this.#watchers.push(watcher);
      } else {
        const timer = setInterval(() => void this.#poll(spec), pollMs);
        timer.unref();
        this.#timers.push(timer);
      }
    }
  }

  async #poll(spec: Extract<SubgraphSpec, { kind: 'url' }>): Promise<void> {
    try {
      const { introspectSubgraph } = await import('../../introspect.js');
      const sdl = await introspectSubgraph(spec.url, spec.headers);
      if (sdl !== this.#lastSdl.get(spec.name)) this.#schedule();
    } catch {
      // A subgraph that is restarting: the next poll sees it again.
    }
  }

  /** Editors write a file in several steps: compose once they are done. */
  #schedule(): void {
    clearTimeout(this.#pending);
    this.#pending = setTimeout(() => {
      this.#running = (this.#running ?? Promise.resolve(true)).then(() => this.composeOnce());
    }, 100);
  }

  stop(): void {
    clearTimeout(this.#pending);
    for (const watcher of this.#watchers) watcher.close();
    for (const timer of this.#timers) clearInterval(timer);
  }
}
