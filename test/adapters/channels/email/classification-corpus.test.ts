import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMail } from '../../../../src/adapters/mail/mail-parse.ts';
import { correlate } from '../../../../src/domain/email/correlation.ts';
import { classifyReply, type ReplyLabel } from '../../../../src/domain/email/reply-classification.ts';

/**
 * The classification corpus: real-world-shaped replies to one probe mail (Sam Taylor, "Charged twice on my November
 * invoice (order 7KQ2M9XD)", Message-ID <7kq2m9xd1a2b3c4d5e6f@probe.example>), filed by their expected label:
 * test/fixtures/email/replies/<label>/<source>.eml. Each is parsed with the adapter's parser, as the probe does.
 */
const ROOT = join(import.meta.dirname, '../../../fixtures/email/replies');
const LABELS: readonly ReplyLabel[] = ['auto-reply', 'human', 'bounce', 'delivery-notice'];
const CORPUS = LABELS.flatMap((label) =>
  readdirSync(join(ROOT, label))
    .filter((file) => file.endsWith('.eml'))
    .map((file) => [`${label}/${file}`, label, join(ROOT, label, file)] as const),
);
const PROBE_MAIL = { token: '7KQ2M9XD', messageId: '<7kq2m9xd1a2b3c4d5e6f@probe.example>' };

describe('the reply classification corpus', () => {
  it('holds at least 40 replies, with every label represented', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(40);
    for (const label of LABELS) expect(CORPUS.filter(([, l]) => l === label).length).toBeGreaterThanOrEqual(3);
  });

  it.each(CORPUS)('%s is classified as %s', async (_name, label, path) => {
    const message = await parseMail(readFileSync(path));
    const result = classifyReply(message);
    expect(result.label, result.signals.join('; ')).toBe(label);
    expect(result.signals.length).toBeGreaterThan(label === 'human' ? -1 : 0);
  });

  it.each(CORPUS)('%s is tied to the probe mail', async (_name, _label, path) => {
    expect(correlate(await parseMail(readFileSync(path)), PROBE_MAIL)).toBeDefined();
  });
});
