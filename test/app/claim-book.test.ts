import { describe, expect, it } from 'vitest';
import { createClaimBook, recoverDerivedClaims } from '../../src/app/claim-book.ts';
import { derivedJudgements } from '../../src/app/derived-claims.ts';
import { openSqliteStore } from '../../src/adapters/stores/sqlite/sqlite.store.ts';
import { judge } from '../../src/domain/judgement.ts';
import { emailCatalogue, emailObservation, mailboxClaim } from './email-fixtures.ts';

const HOUR = 3_600_000;
const TUESDAY = Date.parse('2026-11-24T09:30:00Z');
const DERIVED = 'email-reply-4h~auto-reply';

describe('the claim book', () => {
  it('lists the catalogue’s claims until an observation derives one, then the derived claim right after its mailbox claim', () => {
    const book = createClaimBook(emailCatalogue);
    expect(book.claims().map((c) => c.id)).toEqual(['email-reply-4h']);
    const learnt = book.learn(emailObservation({ id: 'a', startedAt: TUESDAY, humanMs: HOUR }));
    expect(learnt.map((c) => c.id)).toEqual([DERIVED]);
    expect(book.claims().map((c) => c.id)).toEqual(['email-reply-4h', DERIVED]);
    expect(book.claim(DERIVED)).toMatchObject({
      copy: 'A member of our team will reply within 24 hours.',
      promise: { kind: 'reply', withinMs: 24 * HOUR },
    });
    expect(book.derivedFrom(DERIVED)?.id).toBe('email-reply-4h');
    expect(book.derivedFrom('email-reply-4h')).toBeUndefined();
    expect(book.probesFor(DERIVED)).toEqual(['desk-email']);
  });

  it.each([
    ['the same promise again changes nothing', 2, 'A member of our team will reply within 24 hours.', [], '24 hours'],
    [
      'a later, different promise replaces it',
      2,
      'We aim to respond within 2 business days.',
      [DERIVED],
      '2 business days',
    ],
    ['an older, different promise does not', -2, 'We aim to respond within 2 business days.', [], '24 hours'],
  ])('%s', (_name, laterBy, promise, changed, wording) => {
    const book = createClaimBook(emailCatalogue);
    book.learn(emailObservation({ id: 'a', startedAt: TUESDAY, humanMs: HOUR }));
    const learnt = book.learn(
      emailObservation({ id: 'b', startedAt: TUESDAY + laterBy * HOUR, humanMs: HOUR, promise }),
    );
    expect(learnt.map((c) => c.id)).toEqual(changed);
    expect(book.claim(DERIVED)?.copy).toContain(wording);
  });

  it('learns nothing from an auto-reply with no time in it, nor from another channel', () => {
    const book = createClaimBook(emailCatalogue);
    expect(
      book.learn(
        emailObservation({ id: 'a', startedAt: TUESDAY, humanMs: HOUR, promise: 'Thanks, we got your message.' }),
      ),
    ).toEqual([]);
    expect(
      book.learn({ ...emailObservation({ id: 'b', startedAt: TUESDAY, humanMs: HOUR }), kind: 'chat-api' }),
    ).toEqual([]);
    expect(book.claims()).toHaveLength(1);
  });

  it('re-judges a stored observation for a derived claim as the runner did, and catalogue claims with judge()', () => {
    const book = createClaimBook(emailCatalogue);
    const late = emailObservation({ id: 'a', startedAt: TUESDAY, humanMs: 30 * HOUR });
    book.learn(late);
    const derived = book.claim(DERIVED);
    expect(derived).toBeDefined();
    if (derived === undefined) return;
    expect(book.judge(derived, late)).toEqual(derivedJudgements([mailboxClaim], late)[0]);
    expect(book.judge(derived, late)).toMatchObject({ counted: true, met: false });
    expect(book.judge(mailboxClaim, late)).toEqual(judge(mailboxClaim, late));
    const vague = emailObservation({ id: 'b', startedAt: TUESDAY, humanMs: HOUR, promise: 'We will be in touch.' });
    expect(book.judge(derived, vague)).toMatchObject({
      claimId: DERIVED,
      counted: false,
      reason: 'no auto-reply promised a time in this attempt',
    });
  });

  it('recovers derived claims at start from the latest observation judged for each in the window', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    try {
      const older = emailObservation({
        id: 'old',
        startedAt: TUESDAY,
        humanMs: HOUR,
        promise: 'We reply within 48 hours.',
      });
      const newer = emailObservation({ id: 'new', startedAt: TUESDAY + 2 * HOUR, humanMs: HOUR });
      for (const o of [older, newer])
        await store.record(o, [judge(mailboxClaim, o), ...derivedJudgements([mailboxClaim], o)]);
      const book = createClaimBook(emailCatalogue);
      const recovered = await recoverDerivedClaims(store, emailCatalogue, book, TUESDAY - HOUR, TUESDAY + 10 * HOUR);
      expect(recovered.map((c) => [c.id, c.copy])).toEqual([
        [DERIVED, 'A member of our team will reply within 24 hours.'],
      ]);
      expect(book.claims().map((c) => c.id)).toEqual(['email-reply-4h', DERIVED]);
      const outside = createClaimBook(emailCatalogue);
      expect(
        await recoverDerivedClaims(store, emailCatalogue, outside, TUESDAY + 10 * HOUR, TUESDAY + 20 * HOUR),
      ).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
