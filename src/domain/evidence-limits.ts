import type { Evidence, Observation, TranscriptLine, Truncation } from './observation.ts';

/**
 * How much of what a peer said one observation keeps. A peer controls the size of its replies (a 10 MB chat message,
 * an endless body, a mail with a 50 MB attachment); the store, the API and the board must not. Every cut is recorded
 * in `evidence.truncated`, never made silently. Documented in docs/observation-json.md.
 */
export interface EvidenceLimits {
  /** Characters kept of one message text (a transcript line), and of `reason` and `autoReplyPromise`. */
  readonly textChars: number;
  /** Transcript lines kept; later ones are replaced by one line saying how many were cut. */
  readonly transcriptLines: number;
  /** Characters kept of one string inside `evidence.details`. */
  readonly detailChars: number;
  /** Items kept of one list (or keys of one object) inside `evidence.details`. */
  readonly detailItems: number;
  /** The whole observation as JSON, in characters: what is left over is cut from the transcript, then the details. */
  readonly observationChars: number;
}

export const DEFAULT_EVIDENCE_LIMITS: EvidenceLimits = {
  textChars: 65_536,
  transcriptLines: 1_000,
  detailChars: 16_384,
  detailItems: 500,
  observationChars: 1_048_576,
};

/** Depth of nesting kept inside `evidence.details`; deeper values are replaced by a marker. */
const DETAIL_DEPTH = 8;

/** `text` cut to `limit` characters (never inside a surrogate pair) with a marker saying how much there was. */
export function cutText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  // Already cut to at most `limit` (by the page, or a channel): as it is, marker included.
  const kept = CUT_MARK.exec(text.slice(-64))?.[1];
  if (kept !== undefined && Number(kept) <= limit && text.length <= Number(kept) + 64) return text;
  let end = Math.max(0, limit);
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}… [cut: ${text.length} characters, ${limit} kept]`;
}

/** Tallies cuts of one kind, so a thousand long lines make one entry, with the largest size seen. */
class Cuts {
  readonly #byWhat = new Map<string, { limit: number; unit: Truncation['unit']; seen: number; count: number }>();

  add(what: string, unit: Truncation['unit'], limit: number, seen: number): void {
    const entry = this.#byWhat.get(what);
    if (entry === undefined) this.#byWhat.set(what, { limit, unit, seen, count: 1 });
    else {
      entry.seen = Math.max(entry.seen, seen);
      entry.count += 1;
    }
  }

  list(): Truncation[] {
    return [...this.#byWhat].map(([what, e]) => ({
      what,
      unit: e.unit,
      limit: e.limit,
      seen: e.seen,
      ...(e.count > 1 ? { count: e.count } : {}),
    }));
  }
}

function boundText(text: string, limit: number, what: string, cuts: Cuts): string {
  if (fits(text, limit)) return text;
  cuts.add(what, 'characters', limit, text.length);
  return cutText(text, limit);
}

function boundTranscript(
  lines: readonly TranscriptLine[],
  keep: number,
  limits: EvidenceLimits,
  cuts: Cuts,
): TranscriptLine[] {
  const kept = lines.slice(0, keep).map((line) => {
    const text = boundText(line.text, limits.textChars, 'evidence.transcript.text', cuts);
    const name = line.name === undefined ? undefined : boundText(line.name, 200, 'evidence.transcript.name', cuts);
    return text === line.text && name === line.name ? line : { ...line, text, ...(name === undefined ? {} : { name }) };
  });
  if (lines.length > keep) {
    cuts.add('evidence.transcript', 'lines', keep, lines.length);
    const last = lines[lines.length - 1] as TranscriptLine;
    kept.push({ atMs: last.atMs, from: 'system', text: `[cut: ${lines.length - keep} more messages; ${keep} kept]` });
  }
  return kept;
}

function boundValue(value: unknown, path: string, depth: number, limits: EvidenceLimits, cuts: Cuts): unknown {
  if (typeof value === 'string') return boundText(value, limits.detailChars, path, cuts);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= DETAIL_DEPTH) {
    cuts.add(path, 'levels', DETAIL_DEPTH, depth + 1);
    return '[cut: nested too deep]';
  }
  if (Array.isArray(value)) {
    if (value.length > limits.detailItems) cuts.add(path, 'items', limits.detailItems, value.length);
    return value.slice(0, limits.detailItems).map((item) => boundValue(item, `${path}[]`, depth + 1, limits, cuts));
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > limits.detailItems) cuts.add(path, 'items', limits.detailItems, entries.length);
  return Object.fromEntries(
    entries
      .slice(0, limits.detailItems)
      .map(([key, item]) => [key, boundValue(item, `${path}.${key}`, depth + 1, limits, cuts)]),
  );
}

const sizeOf = (observation: Observation): number => JSON.stringify(observation).length;

/**
 * The observation with its evidence within `limits`: long texts cut with a marker, transcripts and lists shortened,
 * and, if the whole is still larger than `observationChars`, the transcript halved until it fits and then the details
 * dropped. Each cut is listed in `evidence.truncated` (`what`, `unit`, `limit`, `seen`, and `count` when several).
 * Returns the same object when nothing needed cutting; applying it twice changes nothing more.
 */
export function boundObservation(measured: Observation, limits: EvidenceLimits = DEFAULT_EVIDENCE_LIMITS): Observation {
  const lifted = liftTruncated(measured);
  const already = precut(lifted);
  const observation =
    already === undefined
      ? lifted
      : { ...lifted, evidence: { ...lifted.evidence, truncated: [...(lifted.evidence.truncated ?? []), already] } };
  if (sizeOf(observation) <= limits.observationChars && withinParts(observation, limits)) return observation;
  const cuts = new Cuts();
  const { evidence } = observation;
  const transcript = evidence.transcript;
  let lines = transcript === undefined ? undefined : boundTranscript(transcript, limits.transcriptLines, limits, cuts);
  let details =
    evidence.details === undefined
      ? undefined
      : (boundValue(evidence.details, 'evidence.details', 0, limits, cuts) as Record<string, unknown>);
  const reason =
    observation.reason === undefined ? undefined : boundText(observation.reason, limits.textChars, 'reason', cuts);
  const promise =
    observation.autoReplyPromise === undefined
      ? undefined
      : boundText(observation.autoReplyPromise, limits.textChars, 'autoReplyPromise', cuts);
  const findings = observation.findings
    ?.slice(0, limits.detailItems)
    .map((f) => boundText(f, limits.textChars, 'findings', cuts));
  const build = (): Observation => {
    const bounded: Evidence = {
      ...evidence,
      ...(lines === undefined ? {} : { transcript: lines }),
      ...(details === undefined ? {} : { details }),
      truncated: [...(evidence.truncated ?? []), ...cuts.list()],
    };
    return {
      ...observation,
      ...(reason === undefined ? {} : { reason }),
      ...(promise === undefined ? {} : { autoReplyPromise: promise }),
      ...(findings === undefined ? {} : { findings }),
      evidence: bounded,
    };
  };
  let result = build();
  const seen = sizeOf(result);
  let shrunk = false;
  let keep = lines?.length ?? 0;
  while (sizeOf(result) > limits.observationChars && transcript !== undefined && keep > 1) {
    keep = Math.floor(keep / 2);
    lines = boundTranscript(transcript, keep, limits, new Cuts());
    shrunk = true;
    result = build();
  }
  if (sizeOf(result) > limits.observationChars && details !== undefined) {
    details = { cut: `details dropped: the observation was ${seen} characters, over ${limits.observationChars}` };
    shrunk = true;
    result = build();
  }
  if (shrunk) {
    cuts.add('observation', 'characters', limits.observationChars, seen);
    result = build();
  }
  return result;
}

const CUT_MARK = /… \[cut: \d+ characters, (\d+) kept\]$/;
const CUT_FROM = /… \[cut: (\d+) characters, (\d+) kept\]$/;

/** Within `limit` characters, or already cut to it (the marker makes it a little longer). */
function fits(text: string, limit: number): boolean {
  if (text.length <= limit) return true;
  const kept = CUT_MARK.exec(text)?.[1];
  return kept !== undefined && Number(kept) <= limit;
}

/**
 * Lines a channel cut itself while reading (with `cutText`, so they carry its marker), as one entry for
 * `evidence.truncated`, unless already recorded.
 */
function precut(observation: Observation): Truncation | undefined {
  if (observation.evidence.truncated?.some((t) => t.what === 'evidence.transcript.text')) return undefined;
  let count = 0;
  let seen = 0;
  let limit = 0;
  for (const line of observation.evidence.transcript ?? []) {
    const mark = CUT_FROM.exec(line.text);
    if (mark === null) continue;
    count += 1;
    seen = Math.max(seen, Number(mark[1]));
    limit = Math.max(limit, Number(mark[2]));
  }
  if (count === 0) return undefined;
  return { what: 'evidence.transcript.text', unit: 'characters', limit, seen, ...(count > 1 ? { count } : {}) };
}

/**
 * Channels report the cuts they made while reading in `details.truncated` (their evidence is built in one object);
 * they belong in `evidence.truncated`, beside the cuts made here.
 */
function liftTruncated(observation: Observation): Observation {
  const details = observation.evidence.details;
  const reported = details?.truncated;
  if (details === undefined || !Array.isArray(reported)) return observation;
  const { truncated: _moved, ...rest } = details;
  const cuts = reported.filter(isTruncation).slice(0, 50);
  const evidence = {
    ...observation.evidence,
    details: rest,
    truncated: [...(observation.evidence.truncated ?? []), ...cuts],
  };
  return { ...observation, evidence };
}

function isTruncation(value: unknown): value is Truncation {
  const v = value as Partial<Truncation> | null;
  return (
    v !== null &&
    typeof v === 'object' &&
    typeof v.what === 'string' &&
    typeof v.limit === 'number' &&
    typeof v.seen === 'number'
  );
}

/** Whether every part is within its own limit, as after `boundObservation`. */
function withinParts(observation: Observation, limits: EvidenceLimits): boolean {
  const lines = observation.evidence.transcript ?? [];
  if (lines.length > limits.transcriptLines + 1) return false;
  if (lines.some((line) => !fits(line.text, limits.textChars) || !fits(line.name ?? '', 200))) return false;
  if (!fits(observation.reason ?? '', limits.textChars) || !fits(observation.autoReplyPromise ?? '', limits.textChars))
    return false;
  const findings = observation.findings ?? [];
  if (findings.length > limits.detailItems || findings.some((f) => !fits(f, limits.textChars))) return false;
  return noLongDetail(observation.evidence.details, limits, 0);
}

function noLongDetail(value: unknown, limits: EvidenceLimits, depth: number): boolean {
  if (typeof value === 'string') return fits(value, limits.detailChars);
  if (value === null || typeof value !== 'object') return true;
  if (depth >= DETAIL_DEPTH) return false;
  const items = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  return items.length <= limits.detailItems && items.every((item) => noLongDetail(item, limits, depth + 1));
}
