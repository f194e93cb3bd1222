import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  COLLECTOR_OPTION_SCHEMAS,
  COLLECTOR_PLATFORMS,
  createCollector,
} from '../../../src/adapters/collectors/collector-factory.ts';
import { KeptError } from '../../../src/domain/errors.ts';
import { fixedClock } from '../../support/collector-fakes/fixed-clock.ts';

const deps = { collectorId: 'desk', clock: fixedClock(0) };

/** Options each platform accepts (secrets as the catalogue gives them, after `${ENV}` is filled in). */
const VALID: Readonly<Record<string, unknown>> = {
  'twilio-taskrouter': {
    accountSid: `AC${'1'.repeat(32)}`,
    authToken: 'token-from-env',
    workspaceSid: `WS${'2'.repeat(32)}`,
    taskQueueSids: [`WQ${'3'.repeat(32)}`],
  },
  'amazon-connect': {
    instanceArn: 'arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555',
    queueIds: ['q-1'],
    accessKeyId: 'AKIAEXAMPLE',
    secretAccessKey: 'secret-from-env',
  },
  'genesys-cloud': {
    region: 'mypurecloud.ie',
    clientId: 'client-id',
    clientSecret: 'secret-from-env',
    queueIds: ['11111111-2222-3333-4444-555555555555'],
  },
  zendesk: { subdomain: 'acme', email: 'ops@example.com', apiToken: 'token-from-env' },
  intercom: { accessToken: 'token-from-env' },
  freshdesk: { domain: 'acme', apiKey: 'key-from-env' },
  prometheus: { url: 'http://127.0.0.1:9090', queries: { contacts: 'a', abandoned: 'b' } },
  postgres: { connectionString: 'postgres://u:p@127.0.0.1/db', query: 'SELECT 1' },
  'http-json': { url: 'http://127.0.0.1/stats', fields: { contacts: '$.c', abandoned: '$.a' } },
};

describe('collector factory', () => {
  it.each(COLLECTOR_PLATFORMS.map((platform) => [platform]))(
    'builds the %s collector from valid options',
    async (platform) => {
      const collector = await createCollector(platform, VALID[platform], deps);
      expect(collector.platform).toBe(platform);
    },
  );

  it('refuses options the platform does not take, naming the field, as a validation error', async () => {
    const attempt = createCollector(
      'twilio-taskrouter',
      { ...(VALID['twilio-taskrouter'] as object), workspaceSid: 'WS1' },
      deps,
    );
    await expect(attempt).rejects.toBeInstanceOf(KeptError);
    await expect(attempt).rejects.toMatchObject({
      kind: 'validation',
      message: expect.stringContaining('workspaceSid'),
    });
  });

  it('keeps every credential option a Secret that prints as <redacted>', () => {
    const parsed = COLLECTOR_OPTION_SCHEMAS['amazon-connect'].parse(VALID['amazon-connect']);
    expect(JSON.stringify(parsed)).not.toContain('secret-from-env');
    expect(JSON.stringify(parsed)).toContain('<redacted>');
  });

  it.each(COLLECTOR_PLATFORMS.map((platform) => [platform]))('gives the %s options a JSON Schema', (platform) => {
    const schema = z.toJSONSchema(COLLECTOR_OPTION_SCHEMAS[platform], { io: 'input', unrepresentable: 'any' });
    expect(schema).toMatchObject({ type: 'object', additionalProperties: false });
  });
});
