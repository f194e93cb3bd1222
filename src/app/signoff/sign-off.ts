import { mapExtractedClaim, type MappingContext } from '../../domain/signoff/claim-mapping.ts';
import { signoffExitCode, worstStatus } from '../../domain/signoff/signoff-verdict.ts';
import { validationError } from '../../domain/errors.ts';
import { createEvidenceMemo, judgePart } from './judge-part.ts';
import type { JudgedClaim, SignoffDeps, SignoffReport, SignoffRequest, UnmeasurableClaim } from './signoff.types.ts';

const DEFAULT_SHARE = 0.95;
const DEFAULT_MIN_SAMPLES = 30;
/** Claims judged between two pauses (one claim is 1-10 ms of work on a busy machine; a pause costs microseconds). */
const PAUSE_EVERY = 1;

/** How claims in copy are read against this catalogue. */
export function mappingContext(deps: Pick<SignoffDeps, 'catalogue' | 'defaultShare'>): MappingContext {
  const claims = deps.catalogue.claims;
  return {
    serviceTimeZone: deps.catalogue.service.timeZone,
    defaultShare: deps.defaultShare ?? DEFAULT_SHARE,
    // The strictest minimum the catalogue uses: copy must not need less evidence than the catalogue's own claims.
    minSamples: claims.length === 0 ? DEFAULT_MIN_SAMPLES : Math.max(...claims.map((c) => c.minSamples)),
    catalogueClaims: claims,
  };
}

/**
 * Signs off marketing copy: extracts its claims, reads each as a promise Kept can judge, judges every channel of every
 * measurable claim against the stored evidence over `sinceMs`, and lists the unmeasurable phrases with the reason.
 */
export async function signOffCopy(deps: SignoffDeps, request: SignoffRequest): Promise<SignoffReport> {
  if (!(request.sinceMs > 0)) throw validationError('signoff.since', 'the evidence window must be positive, e.g. 90d');
  if (request.copy.trim() === '') throw validationError('signoff.empty', 'the copy is empty');
  const format = request.format ?? deps.detectFormat(request.copy);
  const extracted = await deps.extract(request.copy, { format });
  const context = mappingContext(deps);
  const claims: JudgedClaim[] = [];
  const unmeasurable: UnmeasurableClaim[] = [];
  const memo = createEvidenceMemo(deps);
  for (const [index, one] of extracted.entries()) {
    if (deps.pause !== undefined && index % PAUSE_EVERY === 0) await deps.pause();
    const mapping = mapExtractedClaim(one, context);
    if (mapping.kind === 'unmeasurable') {
      unmeasurable.push({ extracted: one, reason: mapping.reason });
      continue;
    }
    for (const part of mapping.parts) claims.push(await judgePart(deps, part, one, request.sinceMs, memo));
  }
  const statuses = claims.map((c) => c.status);
  return {
    service: deps.catalogue.service.name,
    generatedAt: deps.clock.now(),
    sinceMs: request.sinceMs,
    format,
    copy: request.copy,
    claims,
    unmeasurable,
    status: statuses.length === 0 ? null : worstStatus(statuses),
    exitCode: signoffExitCode(statuses),
  };
}
