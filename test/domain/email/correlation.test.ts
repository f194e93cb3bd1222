import { describe, expect, it } from 'vitest';
import { correlate, messageIdFor, tokenFor } from '../../../src/domain/email/correlation.ts';
import { mail } from './mail-builders.ts';

const RUN = 'f3b1c2d4-0000-4000-8000-000000000001';
const ref = { token: tokenFor(RUN), messageId: messageIdFor(RUN, 'probe.test') };

describe('tokens and message ids', () => {
  it('derives a stable 8-character token and a Message-ID that starts with it', () => {
    expect(tokenFor(RUN)).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(tokenFor(RUN)).toBe(tokenFor(RUN));
    expect(messageIdFor(RUN, 'Probe.Test')).toMatch(
      new RegExp(`^<${tokenFor(RUN).toLowerCase()}[0-9a-z]{12}@probe\\.test>$`),
    );
  });

  it('gives different runs different tokens', () => {
    const tokens = new Set(Array.from({ length: 2_000 }, (_v, i) => tokenFor(`run-${i}`)));
    expect(tokens.size).toBe(2_000);
  });
});

describe('correlate ties a reply to its run', () => {
  it.each([
    ['by In-Reply-To', { inReplyTo: ref.messageId }, 'thread'],
    ['by References, case-insensitively', { references: ['<other@x>', ref.messageId.toUpperCase()] }, 'thread'],
    ['by the plus-address it was sent to', { recipients: [`sam+${ref.token.toLowerCase()}@probe.test`] }, 'address'],
    [
      'by the Delivered-To header',
      { headers: { 'Delivered-To': `sam+${ref.token.toLowerCase()}@probe.test` } },
      'address',
    ],
    ['by the token in a rewritten subject', { subject: `[#4512] Charged twice (order ${ref.token})` }, 'token'],
    ['by the token in the body', { text: `About your order ${ref.token.toLowerCase()}: refunded.` }, 'token'],
    [
      'by the Message-ID in a bounce’s returned headers',
      { parts: [{ contentType: 'text/rfc822-headers', text: `Message-ID: ${ref.messageId}` }] },
      'returned',
    ],
  ] as const)('%s', (_name, fields, how) => {
    expect(correlate(mail(fields as Parameters<typeof mail>[0]), ref)).toBe(how);
  });

  it.each([
    ['another run’s thread', { inReplyTo: messageIdFor('other-run', 'probe.test') }],
    ['the token inside a longer word', { subject: `X${ref.token}Y` }],
    ['an unrelated mail', { subject: 'Newsletter', text: 'Hello' }],
  ])('ignores %s', (_name, fields) => {
    expect(correlate(mail(fields), ref)).toBeUndefined();
  });
});
