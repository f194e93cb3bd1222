import { describe, expect, it } from 'vitest';
import { claimsPage } from '../../../../src/adapters/http/web/claims.page.ts';
import { evaluateClaim } from '../../../../src/domain/evaluation/verdict.ts';
import { alwaysHumanClaim, demoLikeCatalogue } from '../../../support/domain-fixtures.ts';

// 120 absolute claims: every third one failed once (broken), the rest never evaluated (unproven).
const claims = Array.from({ length: 120 }, (_, i) => ({
  ...alwaysHumanClaim,
  id: `claim-${String(i).padStart(3, '0')}`,
}));
const catalogue = { ...demoLikeCatalogue, claims };
const failedOnce = [{ hourOfWeek: 3, met: 0, failed: 1, inconclusive: 0, outOfForce: 0 }];
const verdicts = claims
  .filter((_, i) => i % 3 === 0)
  .map((c) => evaluateClaim(c, failedOnce, { from: 0, to: 7 * 86_400_000 }));
const rowIds = (html: string): string[] => [...html.matchAll(/data-claim="([^"]+)"/g)].map((m) => m[1] as string);

describe('the board a page at a time', () => {
  it('shows the first 50 claims, the counts by verdict, and a link to the next page', () => {
    const html = claimsPage(catalogue, verdicts, 0, '');
    expect(rowIds(html)).toEqual(claims.slice(0, 50).map((c) => c.id));
    expect(html).toContain('<strong>All (120)</strong>');
    expect(html).toContain('<a href="/?status=broken">broken (40)</a>');
    expect(html).toContain('<a href="/?status=unproven">unproven (80)</a>');
    expect(html).toContain('Page 1 of 3');
    expect(html).toContain('<a rel="next" href="/?page=2">next</a>');
  });

  it('shows the last, shorter page', () => {
    const html = claimsPage(catalogue, verdicts, 0, '', { status: null, page: 3, perPage: 50 });
    expect(rowIds(html)).toEqual(claims.slice(100).map((c) => c.id));
    expect(html).toContain('<a rel="prev" href="/?page=2">previous</a>');
  });

  it('filters by verdict, keeping the filter in the page links', () => {
    const html = claimsPage(catalogue, verdicts, 0, '', { status: 'broken', page: 1, perPage: 25 });
    expect(rowIds(html)).toEqual(
      claims
        .filter((_, i) => i % 3 === 0)
        .slice(0, 25)
        .map((c) => c.id),
    );
    expect(html).toContain('<strong>broken (40)</strong>');
    expect(html).toContain('href="/?status=broken&amp;page=2"');
  });

  it('needs no page links when everything fits', () => {
    const html = claimsPage(demoLikeCatalogue, [], 0, '');
    expect(html).not.toContain('Page 1');
    expect(rowIds(html)).toEqual(demoLikeCatalogue.claims.map((c) => c.id));
  });
});
