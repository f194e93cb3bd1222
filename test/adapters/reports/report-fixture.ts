import { readFileSync } from 'node:fs';
import { signOffCopy } from '../../../src/app/signoff/sign-off.ts';
import type { SignoffReport } from '../../../src/app/signoff/signoff.types.ts';
import { detectFormat } from '../../../src/domain/copy/copy-text.ts';
import { extractClaims } from '../../../src/domain/copy/extract-claims.ts';
import { demoLikeCatalogue } from '../../support/domain-fixtures.ts';
import { deskWeek, recordAll, signoffWorld, WEEK_START } from '../../app/signoff/signoff-fixtures.ts';

export const SAMPLE_PAGE = readFileSync(new URL('../../../probes/examples/sample-page.html', import.meta.url), 'utf8');

/** A real report: the sample page, the real extractor, and a week of the desk in a real store. */
export async function sampleReport(copy = SAMPLE_PAGE, format?: 'text' | 'markdown' | 'html'): Promise<SignoffReport> {
  const world = await signoffWorld();
  try {
    await recordAll(world.store, demoLikeCatalogue, deskWeek(WEEK_START));
    const deps = { ...world.deps([]), extract: extractClaims, detectFormat: (input: string) => detectFormat(input) };
    return await signOffCopy(deps, { copy, sinceMs: 90 * 86_400_000, ...(format ? { format } : {}) });
  } finally {
    await world.cleanup();
  }
}
