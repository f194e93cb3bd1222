import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createJsonLogger, createLogger } from '../../src/cli/logger.ts';
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

describe('log levels and the format for people', () => {
  const capture = () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    return { out, text: () => text };
  };
  const NOON = Date.parse('2026-12-04T12:00:01Z');

  it.each([
    ['info', ['info', 'warn', 'error']],
    ['warn', ['warn', 'error']],
    ['error', ['error']],
  ] as const)('at level %s writes %j', (level, written) => {
    const { out, text } = capture();
    const log = createLogger({ stream: out, level, now: () => NOON });
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(
      text()
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { level: string }).level),
    ).toEqual(written);
  });

  it('writes pretty lines with the time, the level and key=value fields, quoting what needs it, secrets hidden', () => {
    const { out, text } = capture();
    createLogger({ stream: out, format: 'pretty', now: () => NOON }).warn('probe run skipped', {
      probeId: 'desk-chat-api',
      reason: 'its previous run is still going',
      url: 'https://chat.example/poll?token=tk-9',
      missed: 2,
      password: new Secret('pw-5'),
    });
    expect(text()).toBe(
      '12:00:01 WARN  probe run skipped probeId=desk-chat-api reason="its previous run is still going" ' +
        'url="https://chat.example/poll?token=<redacted>" missed=2 password=<redacted>\n',
    );
  });
});
