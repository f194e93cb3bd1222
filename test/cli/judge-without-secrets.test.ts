import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnKept } from '../support/spawn-kept.ts';

/**
 * A marketing reviewer has none of the probes' addresses or passwords: the commands that judge stored evidence run in
 * a clean environment (no KEPT_DESK_*, ACME_*, SMTP or chat variables), while `run` still refuses to start without them.
 */
async function inCleanEnvironment(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  const kept = spawnKept(args, {}, { environment: 'clean' });
  const code = await kept.exited();
  return { code, output: kept.output() };
}

const dataDir = (): string => mkdtempSync(join(tmpdir(), 'kept-judge-'));

describe('commands that only judge evidence need no probe settings', () => {
  it.each(['probes/demo.yaml', 'probes/examples/acme.yaml'])(
    'signoff of the sample page against %s reports and exits 0, 1 or 2',
    async (catalogue) => {
      const { code, output } = await inCleanEnvironment([
        'signoff',
        'probes/examples/sample-page.html',
        '-c',
        catalogue,
        '--data',
        dataDir(),
      ]);
      expect([0, 1, 2], output).toContain(code);
      expect(output).toMatch(
        /^Sign-off of sample-page\.html against .*, evidence over 90d: (SUPPORTED|NOT SUPPORTED|UNPROVEN)/,
      );
      expect(output).not.toMatch(/is not set/);
    },
  );

  it('verdicts judges every claim of the demo catalogue', async () => {
    const { code, output } = await inCleanEnvironment([
      'verdicts',
      '-c',
      'probes/demo.yaml',
      '--data',
      dataDir(),
      '--json',
    ]);
    expect(code, output).toBe(0);
    const json = JSON.parse(output.split('\n--- stderr ---\n')[0] as string) as { claims: { id: string }[] };
    expect(json.claims.map((c) => c.id)).toEqual([
      'chat-live-24-7',
      'chat-business-hours',
      'web-chat-first-reply',
      'phone-person-5m',
      'email-reply-4h',
    ]);
  });

  it('rules writes the rule files for a catalogue whose receivers read their URL and key from the environment', async () => {
    const out = dataDir();
    const { code, output } = await inCleanEnvironment([
      'rules',
      '-c',
      'probes/examples/acme.yaml',
      '--runbook-url',
      'https://runbooks.example/kept',
      '-o',
      out,
    ]);
    expect(code, output).toBe(0);
    expect(readdirSync(out).length).toBeGreaterThan(0);
  });

  it('validate --offline checks the catalogue without them; plain validate names each missing variable', async () => {
    const offline = await inCleanEnvironment(['validate', '--offline', 'probes/examples/acme.yaml']);
    expect(offline.code, offline.output).toBe(0);
    expect(offline.output).toMatch(/^ok: \d+ claims, \d+ probes, 2 receivers/);
    const online = await inCleanEnvironment(['validate', 'probes/examples/acme.yaml']);
    expect(online.code).toBe(1);
    expect(online.output).toContain('the environment variable ACME_SIP_PASSWORD is not set');
  });

  it('run still refuses to start without them, naming the variables', async () => {
    const { code, output } = await inCleanEnvironment([
      'run',
      '-c',
      'probes/demo.yaml',
      '--port',
      '0',
      '--data',
      dataDir(),
    ]);
    expect(code).toBe(3);
    for (const name of [
      'KEPT_DESK_CHAT_URL',
      'KEPT_DESK_WEB_CHAT_URL',
      'KEPT_DESK_SIP_URI',
      'KEPT_DESK_EMAIL_ADDRESS',
      'KEPT_DESK_SMTP_PORT',
    ]) {
      expect(output).toContain(`the environment variable ${name} is not set`);
    }
  });
});
