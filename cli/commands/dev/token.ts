import { Command } from 'commander';
import { DEV_CLIENTS, DEV_ISSUER } from '../../../dev/oidc/dev-clients.js';
import { DevTokenError, requestDevToken } from '../../../dev/oidc/request-dev-token.js';
import { CliError } from '../../cli-error.js';
import { report, type CommandContext } from '../../command-context.js';
import { ExitCode } from '../../exit-codes.js';

interface Flags {
  readonly client: string;
  readonly scope?: string;
  readonly issuer: string;
  readonly opaque?: boolean;
  readonly json?: boolean;
}

const EXIT_CODE_BY_KIND = {
  'unknown-client': ExitCode.USAGE,
  unreachable: ExitCode.UNREACHABLE_OR_UNAUTHORIZED,
  refused: ExitCode.REJECTED,
} as const;

/**
 * `atrium dev token --client demo-app --scope "read:users"`: an access token from the DEVELOPMENT OpenID
 * Provider (`dev/oidc/`), by client_credentials with the dev client's public secret. Prints the token alone
 * (for `$(atrium dev token …)`), or `--json`. Exit 2 for an unknown client, 3 when the provider cannot be
 * reached, 1 when it refuses (a scope the client may not have, for example).
 */
export function devTokenCommand(ctx: CommandContext): Command {
  return new Command('token')
    .description('get an access token from the development OpenID Provider (client_credentials)')
    .requiredOption('--client <id>', 'development client id (demo-app, pricing-app)')
    .option('--scope <scopes>', 'space-separated scopes (default: every scope the client may have)')
    .option('--issuer <url>', 'issuer URL of the development provider', DEV_ISSUER)
    .option('--opaque', 'an opaque token (verified by introspection) instead of a JWT')
    .option('--json', 'print the token and its metadata as JSON')
    .action(async (flags: Flags) => {
      try {
        const token = await requestDevToken({
          issuer: flags.issuer,
          clientId: flags.client,
          scope: flags.scope,
          opaque: flags.opaque === true,
        });
        refuseMissingScopes(flags, token.scope);
        report(
          ctx,
          flags,
          { ...token, issuer: flags.issuer, clientId: flags.client },
          () => `${token.accessToken}\n`,
        );
      } catch (error) {
        if (error instanceof DevTokenError) {
          throw new CliError(error.message, EXIT_CODE_BY_KIND[error.kind], 'DEV_TOKEN_FAILED');
        }
        throw error;
      }
    });
}

/**
 * The provider grants only the scopes a client may have and silently drops the others: a token without a scope
 * that was asked for is a refusal (exit 1), not a success.
 */
function refuseMissingScopes(flags: Flags, grantedScope: string | undefined): void {
  if (flags.scope === undefined) return;
  const granted = new Set((grantedScope ?? '').split(' ').filter(Boolean));
  const missing = flags.scope.split(' ').filter((scope) => scope !== '' && !granted.has(scope));
  if (missing.length === 0) return;
  const allowed = DEV_CLIENTS.find((client) => client.clientId === flags.client)?.scope;
  throw new CliError(
    `the provider did not grant ${missing.join(', ')} to ${flags.client}` +
      `${allowed ? ` (it may have: ${allowed})` : ''}; ask only for scopes the client may have`,
    ExitCode.REJECTED,
    'DEV_TOKEN_FAILED',
  );
}
