import { z } from 'zod';
import { secretOption } from '../option-fields.ts';

/** Placeholders the subject and body templates may use. */
export const TEMPLATE_VARS = ['persona', 'firstName', 'ref', 'probeId'] as const;

const PLACEHOLDER = /\{(\w+)\}/g;

const template = z
  .string()
  .min(1)
  .superRefine((value, ctx) => {
    for (const [, name] of value.matchAll(PLACEHOLDER)) {
      if (!(TEMPLATE_VARS as readonly string[]).includes(name as string)) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown placeholder {${name}}; use ${TEMPLATE_VARS.map((v) => `{${v}}`).join(' ')}`,
        });
      }
    }
  });

const secret = secretOption('a password; write ${ENV_VAR} so it stays out of the catalogue. Printed as <redacted>');

const security = z
  .enum(['starttls', 'tls', 'none'])
  .describe(
    'starttls: plain connection upgraded with STARTTLS, required; tls: TLS from the start (465/993); none: no TLS (loopback tests only)',
  );

const host = z.string().min(1).describe('host name or IP address');
/** A port number; a string of digits is accepted too, since `${PORT}` in the catalogue interpolates to a string. */
const port = z
  .union([z.number(), z.string().regex(/^\d+$/, { error: 'a port is a number' }).transform(Number)])
  .pipe(z.number().int().min(1).max(65_535));

const smtp = z
  .strictObject({
    host,
    port: port.default(587).describe('SMTP submission port (587 starttls, 465 tls)'),
    security: security.default('starttls'),
    user: z.string().min(1).optional().describe('SMTP login; omit for an unauthenticated relay'),
    password: secret.optional(),
    rejectUnauthorized: z.boolean().default(true).describe('refuse servers whose TLS certificate does not verify'),
    heloName: z.string().min(1).optional().describe('the name given in EHLO (default: the persona address domain)'),
  })
  .describe('the SMTP server the probe sends through, as a customer’s mail client would');

const imap = z.strictObject({
  via: z.literal('imap').describe('imap: replies are read from the persona mailbox'),
  host,
  port: port.default(993).describe('IMAP port (993 tls, 143 starttls)'),
  security: security.default('tls'),
  user: z.string().min(1).describe('IMAP login of the persona mailbox'),
  password: secret,
  mailbox: z.string().min(1).default('INBOX').describe('where replies arrive'),
  sentFolder: z
    .string()
    .min(1)
    .optional()
    .describe(
      'a folder where the provider keeps sent mail (e.g. "Sent"); searched after a restart to tell whether a mail left',
    ),
  watch: z
    .enum(['idle', 'poll'])
    .default('idle')
    .describe('idle: IMAP IDLE push (light; the server may delay notices, ~0.5 s on dovecot); poll: NOOP every pollMs'),
  pollMs: z
    .number()
    .int()
    .min(10)
    .max(600_000)
    .default(1_000)
    .describe('NOOP interval for watch: poll; bounds the timing error'),
  rejectUnauthorized: z.boolean().default(true).describe('refuse servers whose TLS certificate does not verify'),
});

const inbound = z.strictObject({
  via: z
    .literal('inbound')
    .describe("Kept's own inbound SMTP endpoint receives replies: the persona domain's MX points at it"),
});

const schema = z
  .strictObject({
    smtp,
    persona: z
      .strictObject({
        name: z.string().min(1).default('Sam Taylor').describe('the customer the probe plays'),
        address: z.email().describe('the persona’s address: replies come back to it'),
      })
      .describe('who the mail is from'),
    plusAddressing: z
      .boolean()
      .default(false)
      .describe(
        'send from local+TOKEN@domain so even a reply on a new thread is tied to its run (the mailbox must accept +tags)',
      ),
    subjects: z
      .array(template)
      .min(1)
      .default(['Charged twice on my invoice (order {ref})'])
      .describe('subject templates; each run picks one ({persona} {firstName} {ref} {probeId})'),
    bodies: z
      .array(template)
      .min(1)
      .default([
        'Hi,\n\nI was charged twice for my last invoice (order {ref}). Could you refund one of the payments?\n\nThanks,\n{firstName}',
      ])
      .describe(
        'body templates (plain text); each run picks one. {ref} is the run token, written like an order number',
      ),
    topicWords: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'words a real answer to the question should mention (e.g. refund, charge); the reply is checked for them',
      ),
    receive: z
      .discriminatedUnion('via', [imap, inbound])
      .describe('where replies are read: an IMAP mailbox or the inbound SMTP endpoint'),
    waitForHuman: z
      .boolean()
      .default(true)
      .describe(
        'after an auto-reply keep waiting for a human until the probe timeout (the deadline); false ends at the first reply',
      ),
  })
  .superRefine((options, ctx) => {
    if (options.smtp.password !== undefined && options.smtp.user === undefined) {
      ctx.addIssue({ code: 'custom', path: ['smtp', 'password'], message: 'a password needs smtp.user' });
    }
    const ref = (t: string): boolean => t.includes('{ref}');
    if (!options.subjects.every(ref) && !options.bodies.every(ref)) {
      ctx.addIssue({
        code: 'custom',
        path: ['subjects'],
        message: 'put {ref} in every subject or every body, so a reply on a new thread can still be tied to its run',
      });
    }
  })
  .describe('email probe options');

export type EmailOptions = z.output<typeof schema>;
export type SmtpOptions = EmailOptions['smtp'];
export type ImapOptions = Extract<EmailOptions['receive'], { via: 'imap' }>;

/** Validates `probe.options` of an email probe; the catalogue loader reports its issues with file and line. */
export const emailOptionsSchema: z.ZodType<EmailOptions, unknown> = schema;
