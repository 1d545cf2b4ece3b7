/**
 * The flags `atrium client create` and `update` share, and their translation into a registry write body
 * (docs/registry-api.md, "Clients"). `none` removes a tier, rate or budget (update).
 */
import { Option, type Command } from 'commander';
import { CliError } from '../../cli-error.js';

export interface RecordFlags {
  readonly displayName?: string;
  readonly clientId?: string[];
  readonly address?: string[];
  readonly tier?: string;
  readonly rate?: string;
  readonly burst?: string;
  readonly budget?: string;
  readonly maxCost?: string;
  readonly maxDepth?: string;
  readonly noOverrides?: boolean;
  readonly persistedOperations?: string;
}

export function addRecordOptions(command: Command): Command {
  return command
    .option('--display-name <text>', 'a human name for the record (default: its id)')
    .option(
      '--client-id <id...>',
      'recognise callers whose verified token has this OIDC client id (azp / client_id)',
    )
    .option('--address <range...>', 'recognise callers without a token from these addresses (CIDR ranges)')
    .option('--tier <name>', 'a label for logs and metrics (`none` removes it)')
    .option('--rate <requests/seconds>', 'request rate, e.g. 600/60 (`none` removes it)')
    .option('--burst <n>', 'with --rate: at most this many requests at once (default: the requests)')
    .option('--budget <points/seconds>', 'cost budget in cost points, e.g. 50000/3600 (`none` removes it)')
    .option('--max-cost <n>', "per-operation cost limit for this client instead of the hub's")
    .option('--max-depth <n>', "per-operation depth limit for this client instead of the hub's")
    .option('--no-overrides', 'update: remove the per-operation overrides')
    .addOption(
      new Option('--persisted-operations <mode>', 'persisted-operation mode').choices([
        'off',
        'audit',
        'enforce',
        'ids-only',
      ]),
    );
}

function positive(flag: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw CliError.usage(`${flag} must be a positive whole number, not "${text}"`);
  return Number(text);
}

function perWindow(flag: string, text: string): [number, number] {
  const match = /^(\d+)\/(\d+)s?$/.exec(text);
  if (!match) throw CliError.usage(`${flag} must look like <quota>/<seconds>, e.g. 600/60, or be "none"`);
  return [positive(flag, match[1] ?? ''), positive(flag, match[2] ?? '')];
}

/** The write body the flags describe (only what was given). */
export function recordBody(flags: RecordFlags): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (flags.displayName !== undefined) body.displayName = flags.displayName;
  if (flags.clientId && flags.address) throw CliError.usage('give --client-id or --address, not both');
  if (flags.clientId) body.recognition = { kind: 'client-id', clientIds: flags.clientId };
  if (flags.address) body.recognition = { kind: 'remote-address', addresses: flags.address };
  if (flags.tier !== undefined) body.tier = flags.tier === 'none' ? null : flags.tier;
  if (flags.burst !== undefined && flags.rate === undefined) throw CliError.usage('--burst needs --rate');
  if (flags.rate !== undefined) {
    if (flags.rate === 'none') body.rate = null;
    else {
      const [requests, windowSeconds] = perWindow('--rate', flags.rate);
      body.rate = {
        requests,
        windowSeconds,
        ...(flags.burst !== undefined && { burst: positive('--burst', flags.burst) }),
      };
    }
  }
  if (flags.budget !== undefined) {
    if (flags.budget === 'none') body.budget = null;
    else {
      const [points, windowSeconds] = perWindow('--budget', flags.budget);
      body.budget = { points, windowSeconds };
    }
  }
  if (flags.maxCost !== undefined || flags.maxDepth !== undefined) {
    body.overrides = {
      ...(flags.maxCost !== undefined && { maxCost: positive('--max-cost', flags.maxCost) }),
      ...(flags.maxDepth !== undefined && { maxDepth: positive('--max-depth', flags.maxDepth) }),
    };
  } else if (flags.noOverrides === false) body.overrides = {};
  if (flags.persistedOperations !== undefined) body.persistedOperations = flags.persistedOperations;
  return body;
}
