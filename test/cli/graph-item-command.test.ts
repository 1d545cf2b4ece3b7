// The shared shape of the webhook and client commands (cli/graph-item-command.ts) and their registry calls
// (cli/graph-items-api.ts), in-process against a real HTTP server on 127.0.0.1 standing in for the registry; and
// the usage reports' factory (cli/commands/usage/usage-report-command.ts).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryApiError } from '../../cli/client/index.js';
import { createCommandContext, type RegistryFlags } from '../../cli/command-context.js';
import { usageReportCommand } from '../../cli/commands/usage/usage-report-command.js';
import { graphItemCommand } from '../../cli/graph-item-command.js';
import { GraphItemsApi } from '../../cli/graph-items-api.js';

interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let url: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.url?.includes('missing')) {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ code: 'THING_NOT_FOUND', message: 'no such thing' }));
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/json', etag: '"7"' })
        .end(JSON.stringify({ thing: { name: 'a/b' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function context() {
  let stdout = '';
  const ctx = createCommandContext({
    stdout: (text) => void (stdout += text),
    stderr: () => undefined,
    stdin: Readable.from(['']),
    env: { ATRIUM_REGISTRY_URL: url, ATRIUM_TOKEN: 'graph-items-token' },
    cwd: process.cwd(),
  });
  return { ctx, stdout: () => stdout };
}

const thingsApi = (flags: RegistryFlags) =>
  new GraphItemsApi({ url: flags.registry ?? url, token: flags.token ?? 'graph-items-token' }, 'things');

describe('graphItemCommand', () => {
  it('passes <graph>, <id> and its own options to run, and prints the human text or the JSON', async () => {
    const { ctx, stdout } = context();
    const command = graphItemCommand<
      { note?: string },
      { thing: { name: string }; note: string | undefined }
    >(ctx, {
      name: 'show',
      description: 'show a thing',
      id: 'thing id',
      options: (built) => built.option('--note <text>', 'a note'),
      async run({ graph, id }, flags) {
        const api = thingsApi(flags);
        const { body } = await api.call(
          'POST',
          api.path(graph, id),
          { note: flags.note },
          { 'if-match': '"6"' },
        );
        return { ...(body as { thing: { name: string } }), note: flags.note };
      },
      json: (answer) => ({ thing: answer.thing }),
      render: (answer, { graph, id }) => `Thing ${id} of ${graph}: ${answer.thing.name} (${answer.note})\n`,
    });
    expect(command.helpInformation()).toContain('show [options] <graph> <id>');

    await command.parseAsync(['shop', 'a/b', '--note', 'hello'], { from: 'user' });
    expect(stdout()).toBe('Thing a/b of shop: a/b (hello)\n');
    const request = seen.at(-1);
    expect(request).toMatchObject({
      method: 'POST',
      url: '/v1/graphs/shop/things/a%2Fb',
      body: '{"note":"hello"}',
    });
    expect(request?.headers).toMatchObject({
      authorization: 'Bearer graph-items-token',
      'if-match': '"6"',
      'user-agent': 'atrium-cli',
    });

    const json = context();
    const again = graphItemCommand<unknown, { thing: { name: string } }>(json.ctx, {
      name: 'list',
      description: 'list things',
      async run({ graph }, flags) {
        const api = thingsApi(flags);
        return (await api.call('GET', api.path(graph))).body as { thing: { name: string } };
      },
      render: () => 'human\n',
    });
    await again.parseAsync(['shop', '--json'], { from: 'user' });
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/v1/graphs/shop/things' });
    expect(JSON.parse(json.stdout())).toEqual({ thing: { name: 'a/b' } });
  });

  it("throws a refusal as RegistryApiError with the registry's code and status", async () => {
    const api = new GraphItemsApi({ url, token: undefined }, 'things');
    const refused = await api.call('GET', api.path('shop', 'missing')).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RegistryApiError);
    expect(refused).toMatchObject({ status: 404, code: 'THING_NOT_FOUND' });
    expect(seen.at(-1)?.headers.authorization).toBeUndefined();
  });
});

describe('usageReportCommand', () => {
  it('hands the ref, --period and its own arguments to fetch, and prints the report', async () => {
    const calls: unknown[] = [];
    const build = (ctx: ReturnType<typeof context>['ctx']) =>
      usageReportCommand(ctx, {
        name: 'thing',
        description: 'usage of a thing',
        arguments: [['<thing>', 'the thing']],
        fetch: (_client, ref, period, args) => {
          calls.push({ ref, period, args });
          return Promise.resolve({ total: 3 });
        },
        render: (report, ref) => `${report.total} for ${ref.graph}@${ref.variant}\n`,
      });
    const human = context();
    await build(human.ctx).parseAsync(['shop@prod', 'Query.me', '--period', '7d'], { from: 'user' });
    expect(human.stdout()).toBe('3 for shop@prod\n');
    const json = context();
    await build(json.ctx).parseAsync(['shop@dev', 'Query.you', '--json'], { from: 'user' });
    expect(JSON.parse(json.stdout())).toEqual({ total: 3 });
    expect(calls).toEqual([
      { ref: { graph: 'shop', variant: 'prod' }, period: '7d', args: ['Query.me'] },
      { ref: { graph: 'shop', variant: 'dev' }, period: undefined, args: ['Query.you'] },
    ]);
  });
});
