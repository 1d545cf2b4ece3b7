// The usage policy's configuration: it reports to the registry and graph the hub serves unless told otherwise,
// keeps its spool under the hub's data directory, takes its token from ATRIUM_USAGE_TOKEN only when configured,
// and refuses to boot with nowhere to report (a hub serving a supergraph file without usage.url / usage.graph).
import { describe, expect, it } from 'vitest';
import { loadHubConfig } from '../../../hub/config/load-hub-config.js';
import { assemblePipeline } from '../../../hub/pipeline/assemble-pipeline.js';
import { policyTable } from '../../../hub/pipeline/table.js';
import type { SupergraphView } from '../../../policies/contract/supergraph-view.js';
import { silentLogger } from '../../helpers/hub.js';

const noSupergraph: SupergraphView = {
  current: () => null,
  supergraphForSchema: () => undefined,
  onLoad: () => () => undefined,
};

describe('usage configuration', () => {
  it('inherits the registry, graph and data directory of the hub', () => {
    const config = loadHubConfig({
      env: { ATRIUM_USAGE_TOKEN: 'usage-secret' },
      overrides: {
        supergraph: { registry: { url: 'http://registry:4100/', graph: 'shop@prod', token: 'reader' } },
        lastKnownGood: { dir: '/var/lib/atrium' },
        usage: {},
      },
    });
    expect(config.policies['usage']).toMatchObject({
      enabled: true,
      options: {
        token: 'usage-secret',
        dataDir: '/var/lib/atrium',
        supergraphRegistry: { url: 'http://registry:4100', graphRef: 'shop@prod' },
      },
    });
  });

  it('stays off when only ATRIUM_USAGE_TOKEN is set, and fails at boot with nowhere to report', () => {
    const off = loadHubConfig({
      env: { ATRIUM_USAGE_TOKEN: 'usage-secret' },
      overrides: { supergraph: { file: '/x' } },
    });
    expect(off.policies['usage']?.enabled).toBe(false);
    const fileHub = loadHubConfig({
      env: {},
      overrides: { supergraph: { file: '/x' }, usage: { token: 't' } },
    });
    expect(() =>
      assemblePipeline(policyTable, fileHub.policies, { logger: silentLogger(), supergraph: noSupergraph }),
    ).toThrow(expect.objectContaining({ code: 'USAGE_TARGET_MISSING' }));
    expect(() => loadHubConfig({ env: {}, overrides: { supergraph: { file: '/x' }, usage: {} } })).toThrow(
      /usage\.token/,
    );
  });
});
