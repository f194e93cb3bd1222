import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnKept } from '../support/spawn-kept.ts';

/** `kept validate` as a person runs it, on a SIP probe written with host:port instead of a SIP URI (issue 11.5). */
describe('kept validate refuses a probe target its channel cannot read', () => {
  it('a SIP probe at 127.0.0.1:9601 is a problem at its file:line:column, with the form to write; exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kept-validate-target-'));
    const file = join(dir, 'hotline.yaml');
    writeFileSync(
      file,
      [
        'version: kept/v1',
        'service: { name: Acme, timeZone: Europe/London }',
        'claims:',
        '  - id: phone-answered',
        '    copy: "We answer every call"',
        '    publishedAt: https://example.invalid',
        '    owner: ops',
        '    channels: [phone]',
        '    hours: 24/7',
        '    promise: { answered: true }',
        '    target: absolute',
        'probes:',
        '  - id: hotline',
        '    channel: sip',
        '    target: 127.0.0.1:9601',
        '    schedule: { cron: "*/10 * * * *" }',
        '    verifies: [phone-answered]',
        '    options:',
        '      ivr:',
        '        - press: 1',
        '',
      ].join('\n'),
    );
    const kept = spawnKept(['validate', file]);
    expect(await kept.exited()).toBe(1);
    const output = kept.output();
    expect(output).toContain('the catalogue has 2 problems');
    expect(output).toContain(
      `${file}:15:13: probe "hotline": "127.0.0.1:9601" is not a SIP URI; write sip:[user@]host[:port] (or sips:, or tel:+E.164 with options.twilio), such as sip:127.0.0.1:9601`,
    );
    expect(output).toContain(`${file}:20:18: probe "hotline": "press" takes digits as a string: write press: "1"`);
  });
});
