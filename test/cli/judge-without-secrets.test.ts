import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
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

  /** Each sample catalogue, its claims, and those a collector verifies (judged by the platform's witness too). */
  const CATALOGUES = [
    {
      catalogue: 'probes/demo.yaml',
      claims: ['chat-live-24-7', 'chat-business-hours', 'web-chat-first-reply', 'phone-person-5m', 'email-reply-4h'],
      witnessed: ['chat-live-24-7', 'chat-business-hours'],
      summary: /^ok: 5 claims, 4 probes, 1 collectors, 0 receivers, 0 routes/,
    },
    {
      catalogue: 'probes/examples/acme.yaml',
      claims: [
        'chat-human-24-7',
        'chat-first-response-1m',
        'phone-human-business-hours',
        'phone-night-desk',
        'email-reply-24h',
      ],
      witnessed: [],
      summary: /^ok: 5 claims, 4 probes, 2 receivers, 2 routes/,
    },
  ];

  it.each(CATALOGUES)(
    'verdicts judges every claim of $catalogue, with the platform witness where a collector verifies it',
    async ({ catalogue, claims, witnessed }) => {
      const { code, output } = await inCleanEnvironment(['verdicts', '-c', catalogue, '--data', dataDir(), '--json']);
      expect(code, output).toBe(0);
      const json = JSON.parse(output.split('\n--- stderr ---\n')[0] as string) as {
        claims: { id: string; witnesses?: { platform?: { status: string } } }[];
      };
      expect(json.claims.map((c) => c.id)).toEqual(claims);
      // The collectors' section loaded with its ${VAR} options as written: its claims have a platform witness.
      const withPlatform = json.claims.filter((c) => c.witnesses?.platform !== undefined).map((c) => c.id);
      expect(withPlatform).toEqual(witnessed);
    },
  );

  it.each(CATALOGUES)(
    'rules writes the rule files for $catalogue (receivers and collectors read from the environment)',
    async ({ catalogue, witnessed }) => {
      const out = dataDir();
      const { code, output } = await inCleanEnvironment([
        'rules',
        '-c',
        catalogue,
        '--runbook-url',
        'https://runbooks.example/kept',
        '-o',
        out,
      ]);
      expect(code, output).toBe(0);
      const files = readdirSync(out);
      expect(files.length).toBeGreaterThan(0);
      const rules = files.map((file) => readFileSync(join(out, file), 'utf8')).join('\n');
      // One discrepancy rule for each claim a collector verifies: the collectors' section was loaded, not dropped.
      const discrepancies = [...rules.matchAll(/kept_claim_witness_discrepancy\{job="kept",claim="([^"]+)"\}/g)];
      expect(discrepancies.map((match) => match[1])).toEqual(witnessed);
    },
  );

  it.each(CATALOGUES)('validate --offline checks $catalogue without them', async ({ catalogue, summary }) => {
    const offline = await inCleanEnvironment(['validate', '--offline', catalogue]);
    expect(offline.code, offline.output).toBe(0);
    expect(offline.output).toMatch(summary);
  });

  it('plain validate names each missing variable', async () => {
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
      'KEPT_DESK_TASKROUTER_TOKEN',
      'KEPT_DESK_TASKROUTER_URL',
    ]) {
      expect(output).toContain(`the environment variable ${name} is not set`);
    }
  });
});
