import { describe, expect, it } from 'vitest';
import { sipOptionsSchema } from '../../../../src/adapters/channels/sip/sip.options.ts';
import { Secret } from '../../../../src/domain/secret.ts';

describe('sip probe options', () => {
  it('fills the defaults', () => {
    expect(sipOptionsSchema.parse({})).toMatchObject({
      transport: 'udp',
      codecs: ['PCMU', 'PCMA'],
      dtmf: { mode: 'rfc4733', tone: 120, gap: 120 },
      ringTimeout: 60_000,
      ivr: [],
      human: { wait: true, minSpeech: 1_000, confirm: 2_500, reviewBelow: 0.7 },
      loopAfter: 1,
    });
  });

  it('reads durations and IVR steps, and parsing the result again gives the same options', () => {
    const options = sipOptionsSchema.parse({
      ringTimeout: '30s',
      ivr: [{ waitForPrompt: '12s' }, { press: '1#' }, { wait: 1_500 }, { escape: { within: '10s' } }],
      auth: { username: 'kept', password: 's3cret' },
    });
    expect(options.ivr).toEqual([
      { waitForPrompt: { timeout: 12_000, silence: 800 } },
      { press: '1#' },
      { wait: 1_500 },
      { escape: { press: '0', within: 10_000 } },
    ]);
    expect(options.auth?.password).toBeInstanceOf(Secret);
    expect(JSON.stringify(options.auth)).toBe('{"username":"kept","password":"<redacted>"}');
    expect(sipOptionsSchema.parse(options)).toEqual(options);
  });

  it.each([
    [{ ivr: [{ press: '12x' }] }, 'ivr.0.press'],
    [{ ringTimeout: 'soon' }, 'ringTimeout'],
    [{ codecs: ['G729'] }, 'codecs.0'],
    [{ transport: 'sctp' }, 'transport'],
    [{ surprise: true }, ''],
  ])('refuses %j at %s', (options, path) => {
    const result = sipOptionsSchema.safeParse(options);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});
