import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createJsonLogger } from '../../src/cli/logger.ts';
import { Secret } from '../../src/domain/secret.ts';

describe('the JSON logger', () => {
  it('hides URL passwords and secret parameters in the message and in every field, nested ones too', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    createJsonLogger(out).warn('posting to http://bot:pw-1@relay.example/hook failed', {
      error: 'GET https://chat.example/poll?token=tk-2&n=1 answered 500',
      nested: { urls: ['wss://chat.example/ws?access_token=tk-3'] },
      password: new Secret('pw-4'),
    });
    const line = JSON.parse(text) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 'warn',
      message: 'posting to http://bot:<redacted>@relay.example/hook failed',
      error: 'GET https://chat.example/poll?token=<redacted>&n=1 answered 500',
      nested: { urls: ['wss://chat.example/ws?access_token=<redacted>'] },
      password: '<redacted>',
    });
    expect(text).not.toMatch(/pw-1|tk-2|tk-3|pw-4/);
  });
});
