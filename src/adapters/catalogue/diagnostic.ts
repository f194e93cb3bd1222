/**
 * A problem found in a catalogue, positioned in its file. Lines and columns are 1-based. An error (the default) stops
 * the catalogue from loading: the service refuses to start while there is any. A warning loads: it says what the
 * catalogue cannot do as written (a probe that stops waiting before a promise falls due cannot judge every attempt),
 * `kept validate` prints it and exits 0, and `kept run` logs it at start.
 */
export interface Diagnostic {
  /** Absent for an error. */
  severity?: 'warning';
  file: string;
  line: number;
  column: number;
  /** Stable machine-readable code, e.g. `claim.time-zone`, `yaml.syntax`, `probe.unknown-claim`. */
  code: string;
  /** A plain sentence for the person who edits the file. */
  message: string;
}

/** `probes/demo.yaml:12:7: <message>` (`...: warning: <message>` for a warning), a form editors turn into links. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`;
}

/** Sorts diagnostics by file (in the given order of files), then line and column, and drops exact repeats. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[], fileOrder: readonly string[]): Diagnostic[] {
  const rank = (file: string): number => {
    const at = fileOrder.indexOf(file);
    return at === -1 ? fileOrder.length : at;
  };
  const sorted = [...diagnostics].sort((a, b) => rank(a.file) - rank(b.file) || a.line - b.line || a.column - b.column);
  const seen = new Set<string>();
  return sorted.filter((d) => {
    const key = `${formatDiagnostic(d)}|${d.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Edit distance (insertions, deletions, substitutions, adjacent swaps), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows: number[][] = [];
  for (let i = 0; i <= s.length; i += 1) {
    rows.push(Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  }
  for (let i = 1; i <= s.length; i += 1) {
    const row = rows[i] as number[];
    const above = rows[i - 1] as number[];
    for (let j = 1; j <= t.length; j += 1) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        best = Math.min(best, (rows[i - 2]?.[j - 2] as number) + 1);
      }
      row[j] = best;
    }
  }
  return rows[s.length]?.[t.length] as number;
}

/** The candidate closest to `input`, if it is close enough to be a likely typo. */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.min(3, Math.floor(input.length / 3)));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === input) continue;
    const distance = editDistance(input, candidate);
    if (distance < bestDistance && distance <= limit) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `; did you mean "owner"?` when a candidate is close, else an empty string. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const match = closest(input, candidates);
  return match === undefined ? '' : `; did you mean "${match}"?`;
}
