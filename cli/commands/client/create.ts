import type { Command } from 'commander';
import { CliError } from '../../cli-error.js';
import {
  registryCommand,
  report,
  type CommandContext,
  type JsonFlag,
  type RegistryFlags,
} from '../../command-context.js';
import { addRecordOptions, recordBody, type RecordFlags } from './client-flags.js';
import { ClientRecordsApi } from './client-records-api.js';
import { recordText } from './client-output.js';

/** `atrium client create <graph> <id> --client-id … | --address …`: a new record (admin). */
export function createClientCommand(ctx: CommandContext): Command {
  return addRecordOptions(
    registryCommand('create', 'create a client record (admin): how it is recognised, its tier and limits')
      .argument('<graph>', 'graph name, e.g. shop')
      .argument('<id>', 'client record id, e.g. mobile-app'),
  ).action(async (graph: string, id: string, flags: RegistryFlags & JsonFlag & RecordFlags) => {
    const body = recordBody(flags);
    if (body.recognition === undefined)
      throw CliError.usage('give --client-id <id...> or --address <range...>');
    for (const key of ['tier', 'rate', 'budget'] as const) if (body[key] === null) delete body[key];
    const created = await new ClientRecordsApi(ctx, flags).create(graph, { id, ...body });
    report(
      ctx,
      flags,
      created,
      () => `Created client record ${id} in ${graph}.\n${recordText(created.client, created.etag)}`,
    );
  });
}
