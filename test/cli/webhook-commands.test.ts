// `atrium webhook create | list | test | deliveries | delete`, in-process against a real registry and a real
// receiver on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type RunningRegistry } from '../../registry/server.js';
import { runCli } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';
import { receiverVerifies, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const ADMIN = 'atr_cli_webhooks_admin_token_0123456789';

let registry: RunningRegistry;
let receiver: WebhookReceiver;
let env: Record<string, string>;

beforeAll(async () => {
  registry = await startRegistry({
    dataDir: 'memory://',
    adminToken: ADMIN,
    logger: false,
    webhooks: { retryBaseMs: 50, pollIntervalMs: 200 },
  });
  receiver = await startWebhookReceiver();
  env = { ATRIUM_REGISTRY_URL: registry.url, ATRIUM_TOKEN: ADMIN };
  const created = await fetch(`${registry.url}/v1/graphs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'shop' }),
  });
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await registry?.close();
  await receiver?.close();
});

describe('atrium webhook', () => {
  it('creates a webhook (secret printed once), pings it, shows the delivery log and deletes it', async () => {
    const created = await runCli(
      ['webhook', 'create', 'shop', '--url', `${receiver.url}/cli`, '--event', 'check.failed', '--json'],
      { env },
    );
    expect(created.code).toBe(0);
    const { webhook, secret } = JSON.parse(created.stdout) as {
      webhook: { id: string; events: string[] };
      secret: string;
    };
    expect(webhook.events).toEqual(['check.failed']);

    const listed = await runCli(['webhook', 'list', 'shop'], { env });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(webhook.id);
    expect(listed.stdout).toContain(`${receiver.url}/cli`);
    expect(listed.stdout).not.toContain(secret);

    const tested = await runCli(['webhook', 'test', 'shop', webhook.id], { env });
    expect(tested.code).toBe(0);
    expect(tested.stdout).toContain('Queued webhook.ping');
    const [ping] = await receiver.waitForRequests(1, 'webhook.ping');
    expect(ping && receiverVerifies(secret, ping, Math.floor(Date.now() / 1000))).toBe(true);

    const log = await waitFor(async () => {
      const answer = await runCli(['webhook', 'deliveries', 'shop', webhook.id, '--json'], { env });
      const { deliveries } = JSON.parse(answer.stdout) as {
        deliveries: { eventType: string; status: string; attempts: { statusCode: number }[] }[];
      };
      return deliveries[0]?.status === 'delivered' ? deliveries : undefined;
    });
    expect(log.map((d) => [d.eventType, d.status, d.attempts.map((a) => a.statusCode)])).toEqual([
      ['webhook.ping', 'delivered', [200]],
    ]);
    const human = await runCli(['webhook', 'deliveries', 'shop', webhook.id], { env });
    expect(human.stdout).toMatch(/webhook\.ping\s+delivered\s+1\s+HTTP 200 in \d+ ms/);

    const deleted = await runCli(['webhook', 'delete', 'shop', webhook.id], { env });
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toContain(`Deleted webhook ${webhook.id}`);
    const gone = await runCli(['webhook', 'deliveries', 'shop', webhook.id, '--json'], { env });
    expect(gone.code).toBe(1);
    expect(JSON.parse(gone.stdout)).toMatchObject({ error: { code: 'WEBHOOK_NOT_FOUND' } });
  });

  it('refuses a private target with the registry code, and a bad --limit as a usage error', async () => {
    const refused = await runCli(['webhook', 'create', 'shop', '--url', 'https://10.0.0.8/hook'], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('WEBHOOK_TARGET_DENIED');
    expect(refused.stderr).toContain('10.0.0.0/8');
    const limit = await runCli(
      ['webhook', 'deliveries', 'shop', '00000000-0000-4000-8000-000000000000', '--limit', '0'],
      { env },
    );
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain('--limit must be a whole number from 1 to 999');
  });
});
