import { describe, expect, it } from 'vitest';
import { isSecretParam, redactUrl, redactUrls } from '../../src/domain/redact-url.ts';

describe('redactUrl', () => {
  it.each([
    [
      'a password in the userinfo',
      'http://kept:s3cret@influx.internal:8086/query',
      'http://kept:<redacted>@influx.internal:8086/query',
    ],
    ['an empty password', 'http://kept:@host/', 'http://kept:<redacted>@host/'],
    [
      'a token alone before the @',
      'https://ghp_abc123@github.com/org/repo.git',
      'https://<redacted>@github.com/org/repo.git',
    ],
    ['an @ inside the password', 'https://bot:p@ss@hooks.example/x', 'https://bot:<redacted>@hooks.example/x'],
    [
      'a token parameter',
      'https://chat.example/poll?conversation=42&token=abc.def',
      'https://chat.example/poll?conversation=42&token=<redacted>',
    ],
    [
      'an access_token in the fragment',
      'https://app.example/cb#access_token=xyz&state=1',
      'https://app.example/cb#access_token=<redacted>&state=1',
    ],
    [
      'an api key in camel case',
      'https://api.example/v1?apiKey=K1&limit=5',
      'https://api.example/v1?apiKey=<redacted>&limit=5',
    ],
    [
      'an S3 signature',
      'https://s3.example/b/o?X-Amz-Credential=AK%2F1&X-Amz-Signature=ff00',
      'https://s3.example/b/o?X-Amz-Credential=<redacted>&X-Amz-Signature=<redacted>',
    ],
    [
      'an Azure SAS sig',
      'https://acct.blob.example/c?sv=2020&sig=AbC%3D',
      'https://acct.blob.example/c?sv=2020&sig=<redacted>',
    ],
    [
      'InfluxDB 1.x u and p',
      'http://127.0.0.1:8086/write?db=kept&u=kept&p=hunter2',
      'http://127.0.0.1:8086/write?db=kept&u=kept&p=<redacted>',
    ],
    [
      'a Slack-style secret path is left (the path is not a parameter)',
      'https://hooks.slack.example/services/T0/B0',
      'https://hooks.slack.example/services/T0/B0',
    ],
    ['nothing secret', 'http://127.0.0.1:9093/api/v2/alerts?page=2', 'http://127.0.0.1:9093/api/v2/alerts?page=2'],
    [
      'a URL too broken to parse',
      'http://kept:pw@[::1:8086/?password=x',
      'http://kept:<redacted>@[::1:8086/?password=<redacted>',
    ],
  ])('hides %s', (_name, url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

describe('redactUrls', () => {
  it.each([
    [
      'a URL in an error message',
      'connect ECONNREFUSED for http://a:b@h:1/x?token=t1 (retrying)',
      'connect ECONNREFUSED for http://a:<redacted>@h:1/x?token=<redacted> (retrying)',
    ],
    [
      'two URLs',
      'from ws://u:p@a/ws to https://b/?secret=s',
      'from ws://u:<redacted>@a/ws to https://b/?secret=<redacted>',
    ],
    [
      'a path with a query and no scheme',
      'GET /api/poll?session=abc failed',
      'GET /api/poll?session=<redacted> failed',
    ],
    ['an e-mail address, which is no URL', 'mail to ops@example.com', 'mail to ops@example.com'],
    ['text with no URL', 'the disk is full', 'the disk is full'],
  ])('cleans %s', (_name, text, expected) => {
    expect(redactUrls(text)).toBe(expected);
  });
});

describe('isSecretParam', () => {
  it.each([
    ['token', true],
    ['access_token', true],
    ['refresh-token', true],
    ['apikey', true],
    ['api_key', true],
    ['X-Api-Key', true],
    ['client_secret', true],
    ['password', true],
    ['sig', true],
    ['auth', true],
    ['p', true],
    ['author', false],
    ['monkey', false],
    ['page', false],
    ['db', false],
    ['u', false],
    ['step', false],
    ['limit', false],
  ])('%s is secret: %s', (name, secret) => {
    expect(isSecretParam(name)).toBe(secret);
  });
});
