import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { hubErrorDefinitions } from '../../hub/error-definitions.js';
import { HubErrors } from '../../hub/errors.js';

describe('hub error catalogue', () => {
  it('documents every code in docs/errors.md under "## Hub"', async () => {
    const doc = await readFile(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const hubSection = doc.slice(doc.indexOf('## Hub'));
    expect(doc).toContain('## Hub');
    for (const definition of hubErrorDefinitions()) {
      expect(hubSection, definition.code).toContain(`\`${definition.code}\``);
    }
  });

  it('creates GraphQL errors with code and HTTP status in extensions', () => {
    const error = HubErrors.PAYLOAD_TOO_LARGE.create({ limitBytes: 10 });
    expect(error.extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', limitBytes: 10, http: { status: 413 } });
    expect(HubErrors.SUBGRAPH_UNAVAILABLE.create({ serviceName: 'reviews' }).extensions).not.toHaveProperty(
      'http',
    );
  });
});
