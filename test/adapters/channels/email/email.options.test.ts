import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { parseCatalogue } from '../../../../src/adapters/catalogue/catalogue.loader.ts';
import { formatDiagnostic } from '../../../../src/adapters/catalogue/diagnostic.ts';
import { emailOptionsSchema } from '../../../../src/adapters/channels/email/email.options.ts';
import type { ProbeKind } from '../../../../src/domain/channel.ts';
import { Secret } from '../../../../src/domain/secret.ts';

const MINIMAL = {
  smtp: { host: 'smtp.probe.test' },
  persona: { address: 'sam@probe.test' },
  receive: { via: 'inbound' },
};
const IMAP = { via: 'imap', host: 'imap.probe.test', user: 'sam', password: 'hunter2' };
const schemas = new Map<ProbeKind, z.ZodType>([['email', emailOptionsSchema]]);

describe('emailOptionsSchema', () => {
  it('fills in the defaults a customer’s mail client would use', () => {
    expect(emailOptionsSchema.parse(MINIMAL)).toMatchObject({
      smtp: { host: 'smtp.probe.test', port: 587, security: 'starttls', rejectUnauthorized: true },
      persona: { name: 'Sam Taylor', address: 'sam@probe.test' },
      plusAddressing: false,
      topicWords: [],
      waitForHuman: true,
      receive: { via: 'inbound' },
    });
    expect(emailOptionsSchema.parse({ ...MINIMAL, receive: IMAP }).receive).toMatchObject({
      port: 993,
      security: 'tls',
      mailbox: 'INBOX',
      watch: 'idle',
      pollMs: 1_000,
    });
  });

  it('keeps passwords as secrets that print as <redacted>, and parses its own output again', () => {
    const parsed = emailOptionsSchema.parse({
      ...MINIMAL,
      smtp: { host: 'h', user: 'sam', password: 'hunter2' },
      receive: IMAP,
    });
    expect(parsed.smtp.password).toBeInstanceOf(Secret);
    expect(JSON.stringify(parsed)).not.toContain('hunter2');
    expect(inspect(parsed, { depth: 5 })).not.toContain('hunter2');
    expect(emailOptionsSchema.parse(parsed).smtp.password?.reveal()).toBe('hunter2');
  });

  it('takes a port written as a string (from ${ENV} interpolation)', () => {
    expect(emailOptionsSchema.parse({ ...MINIMAL, smtp: { host: 'h', port: '2525' } }).smtp.port).toBe(2525);
  });

  it.each([
    ['an unknown key', { ...MINIMAL, extra: 1 }, /Unrecognized key/],
    ['an unknown placeholder', { ...MINIMAL, subjects: ['Order {order}'] }, /unknown placeholder \{order\}/],
    [
      'no {ref} in subjects nor bodies',
      { ...MINIMAL, subjects: ['Hello'], bodies: ['Hi'] },
      /put \{ref\} in every subject or every body/,
    ],
    ['a password without a user', { ...MINIMAL, smtp: { host: 'h', password: 'x' } }, /a password needs smtp.user/],
    ['an IMAP mailbox without a password', { ...MINIMAL, receive: { via: 'imap', host: 'h', user: 'u' } }, /password/],
    ['an unknown receive way', { ...MINIMAL, receive: { via: 'pop3' } }, /via/],
    ['a persona that is no address', { ...MINIMAL, persona: { address: 'sam' } }, /address/],
    ['a poll interval below 10 ms', { ...MINIMAL, receive: { ...IMAP, watch: 'poll', pollMs: 1 } }, /pollMs/],
  ])('refuses %s', (_name, options, message) => {
    const result = emailOptionsSchema.safeParse(options);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')).toMatch(message);
  });

  it('describes itself well enough for the catalogue JSON Schema', () => {
    const json = JSON.stringify(z.toJSONSchema(emailOptionsSchema, { io: 'input', unrepresentable: 'any' }));
    expect(json).toContain('where replies are read');
    expect(json).toContain('plusAddressing');
  });
});

describe('the demo catalogue’s email claim and probe (test/fixtures/email/demo-email.yaml)', () => {
  const file = join(import.meta.dirname, '../../../fixtures/email/demo-email.yaml');
  const text = readFileSync(file, 'utf8');

  it('loads with the email options schema', () => {
    const result = parseCatalogue([{ file, text }], {
      env: { KEPT_DESK_EMAIL_ADDRESS: 'support@desk.kept.invalid', KEPT_DESK_SMTP_PORT: '2525' },
      optionSchemas: schemas,
    });
    expect(result.ok ? [] : result.diagnostics.map(formatDiagnostic)).toEqual([]);
    if (!result.ok) return;
    const probe = result.catalogue.probes[0];
    expect(probe).toMatchObject({
      kind: 'email',
      target: 'support@desk.kept.invalid',
      schedule: { timeoutMs: 72 * 3_600_000 },
    });
    expect(emailOptionsSchema.parse(probe?.options).smtp.port).toBe(2525);
  });

  it('reports a bad option with its file and line', () => {
    const broken = text.replace('receive: { via: inbound }', 'receive: { via: carrier-pigeon }');
    const result = parseCatalogue([{ file, text: broken }], {
      env: { KEPT_DESK_EMAIL_ADDRESS: 'a@b.test', KEPT_DESK_SMTP_PORT: '25' },
      optionSchemas: schemas,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map(formatDiagnostic).join('\n')).toMatch(/demo-email\.yaml:\d+:\d+.*via/);
  });
});
