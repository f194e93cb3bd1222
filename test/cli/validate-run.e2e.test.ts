import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_PLACEHOLDER_ENV } from '../../src/adapters/catalogue/demo-env.ts';
import { spawnKept } from '../support/spawn-kept.ts';

const exitOf = (kept: ReturnType<typeof spawnKept>) =>
  new Promise<number | null>((resolve) => kept.child.once('exit', resolve));

describe('kept validate and kept run', () => {
  it('validate accepts the demo catalogue', async () => {
    const kept = spawnKept(['validate', 'probes/demo.yaml'], DEMO_PLACEHOLDER_ENV);
    expect(await exitOf(kept), kept.output()).toBe(0);
    expect(kept.output()).toContain('ok: 5 claims, 4 probes');
  });

  it('validate reports every problem with file:line:column and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kept-validate-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      [
        'version: kept/v1',
        'service: { name: Bad, timeZone: Europe/Londn }',
        'claims:',
        '  - id: chat',
        '    copy: "24/7 chat"',
        '    publishedAt: https://example.invalid',
        '    owner: ops',
        '    channels: [chat]',
        '    hours: 24/7',
        '    promise: { human: 2 minutes }',
        '    target: absolute',
        'probes: []',
        '',
      ].join('\n'),
    );
    const kept = spawnKept(['validate', file]);
    expect(await exitOf(kept)).toBe(1);
    expect(kept.output()).toContain('the catalogue has 3 problems');
    expect(kept.output()).toMatch(new RegExp(`${file}:2:\\d+: .*Europe/Londn`));
    expect(kept.output()).toMatch(new RegExp(`${file}:10:\\d+: .*2 minutes`));
    expect(kept.output()).toMatch(new RegExp(`${file}:4:\\d+: .*verified by no probe`));
  });

  it('validate prints a warning with file:line for a probe that stops waiting before the promise, and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kept-validate-'));
    const file = join(dir, 'short.yaml');
    writeFileSync(
      file,
      [
        'version: kept/v1',
        'service: { name: Acme, timeZone: Europe/London }',
        'claims:',
        '  - { id: reply-4h, copy: "We reply within 4 hours", publishedAt: https://acme.invalid, owner: ops,',
        '      channels: [email], hours: 24/7, promise: { reply: 4h }, target: absolute }',
        'probes:',
        '  - id: email-support',
        '    channel: email',
        '    target: support@acme.invalid',
        '    schedule: { cron: "0 * * * *", timeout: 5m }',
        '    verifies: [reply-4h]',
        '    options:',
        '      smtp: { host: 127.0.0.1, port: 2525, security: none }',
        '      persona: { name: Sam Taylor, address: sam@customers.invalid }',
        '      receive: { via: inbound }',
        '',
      ].join('\n'),
    );
    const kept = spawnKept(['validate', file]);
    expect(await exitOf(kept), kept.output()).toBe(0);
    expect(kept.output()).toContain(
      `${file}:10:45: warning: probe "email-support": waits 5m, shorter than the 4h claim "reply-4h" promises: replies after 5m cannot be judged; set timeout: 4h24m or more`,
    );
    expect(kept.output()).toContain('ok: 1 claims, 1 probes, 0 receivers, 0 routes (1 warning)');
  });

  it('run refuses to start on a bad catalogue', async () => {
    const kept = spawnKept(['run', '-c', 'probes/demo.yaml', '--port', '0']);
    expect(await exitOf(kept)).toBe(3);
    expect(kept.output()).toContain('KEPT_DESK_CHAT_URL is not set');
  });

  it('run starts the service and becomes ready', async () => {
    const data = mkdtempSync(join(tmpdir(), 'kept-run-'));
    // The demo catalogue's email probe reads replies at Kept's inbound SMTP endpoint, so run needs one.
    const inbound = ['--email-inbound-domain', 'customers.kept.invalid', '--email-inbound-port', '0'];
    const kept = spawnKept(
      ['run', '-c', 'probes/demo.yaml', '--port', '0', '--data', data, ...inbound],
      DEMO_PLACEHOLDER_ENV,
    );
    try {
      const [, url] = await kept.waitFor(/Kept is running at (http:\/\/[\d.]+:\d+)/, 20_000);
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      const claims = (await (await fetch(`${url}/api/claims`)).json()) as { claims: { status: string }[] };
      expect(claims.claims.map((c) => c.status)).toEqual(['unproven', 'unproven', 'unproven', 'unproven', 'unproven']);
    } finally {
      expect(await kept.stop()).toBe(0);
    }
  });
});
