import { channelOf, PROBE_KINDS, type ProbeKind } from '../../domain/channel.ts';
import { collectorChecks, type CollectorOptionSchemas } from './collectors.schema.ts';
import { didYouMean, type Diagnostic } from './diagnostic.ts';
import { ID_PATTERN } from './fields.schema.ts';
import { type Entry, entriesOf, isRecord, type LooseFile } from './loose-entries.ts';
import { diagnosticAt, positionOf, type Path } from './yaml-source.ts';

/**
 * Checks that need every file at once: one service, unique ids, and references between claims, probes, receivers and
 * routes. It reads the files loosely (a field counts only when it has the right type), so it works alongside schema
 * problems in the same files and reports everything in one go.
 */

export type { LooseFile };

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const isKind = (value: unknown): value is ProbeKind => PROBE_KINDS.includes(value as ProbeKind);

/** How a message names the entry a path is in: `claim "chat-24-7"`, `probe 2` (no valid id yet), `route 1`, `service`. */
export function contextOf(value: unknown, path: Path): string | undefined {
  const [section, index] = path;
  if (section === 'service' || section === 'evaluation') return path.length > 1 ? section : undefined;
  if (typeof index !== 'number') return undefined;
  const entry = entriesOf(value, String(section))[index] ?? {};
  const id = text(entry.id) ?? text(entry.name);
  const named = id !== undefined && ID_PATTERN.test(id) ? `"${id}"` : `${index + 1}`;
  if (section === 'claims') return `claim ${named}`;
  if (section === 'probes') return `probe ${named}`;
  if (section === 'receivers') return `receiver ${named}`;
  if (section === 'collectors') return `collector ${named}`;
  if (section === 'routes') return `route ${index + 1}`;
  return undefined;
}

/** `context: message`, or the message alone at the top of a file. */
export const withContext = (value: unknown, path: Path, message: string): string => {
  const context = contextOf(value, path);
  return context === undefined ? message : `${context}: ${message}`;
};

interface Located {
  readonly file: LooseFile;
  readonly path: Path;
  readonly entry: Entry;
}

function located(files: readonly LooseFile[], section: string): Located[] {
  return files.flatMap((file) =>
    entriesOf(file.value, section).map((entry, index) => ({ file, path: [section, index], entry })),
  );
}

/** `probes/a.yaml:4:9`, to point from one problem to the place it clashes with. */
const where = (file: LooseFile, path: Path, target: 'value' | 'key' = 'value'): string => {
  const { line, column } = positionOf(file.source, path, target);
  return `${file.source.file}:${line}:${column}`;
};

function at(file: LooseFile, path: Path, code: string, message: string, target: 'value' | 'key' = 'value'): Diagnostic {
  return diagnosticAt(file.source, path, code, withContext(file.value, path, message), target);
}

function singletons(files: readonly LooseFile[], key: 'service' | 'evaluation', required: boolean): Diagnostic[] {
  const declaring = files.filter((file) => isRecord(file.value) && file.value[key] !== undefined);
  const first = declaring[0];
  if (first === undefined) {
    const file = files[0];
    if (!required || file === undefined) return [];
    return [
      {
        file: file.source.file,
        line: 1,
        column: 1,
        code: 'service.missing',
        message: 'no file declares "service"; add one with a name and a timeZone',
      },
    ];
  }
  return declaring
    .slice(1)
    .map((file) =>
      at(
        file,
        [key],
        `${key}.twice`,
        `"${key}" is declared again; it is already declared at ${where(first, [key], 'key')}, and a catalogue has one`,
        'key',
      ),
    );
}

function duplicates(items: readonly Located[], field: 'id' | 'name', noun: string): Diagnostic[] {
  const first = new Map<string, Located>();
  const problems: Diagnostic[] = [];
  for (const item of items) {
    const id = text(item.entry[field]);
    if (id === undefined) continue;
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, item);
    else
      problems.push(
        diagnosticAt(
          item.file.source,
          [...item.path, field],
          `${noun}.duplicate`,
          `${noun} "${id}" is declared twice; the other one is at ${where(earlier.file, [...earlier.path, field])}`,
        ),
      );
  }
  return problems;
}

const listOf = (entry: Entry, key: string): unknown[] => (Array.isArray(entry[key]) ? (entry[key] as unknown[]) : []);
const and = (words: readonly string[]): string =>
  words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;

function references(claims: readonly Located[], probes: readonly Located[], alsoVerified: Set<string>): Diagnostic[] {
  const byId = new Map(
    claims.flatMap((claim) =>
      text(claim.entry.id) === undefined ? [] : [[text(claim.entry.id) as string, claim.entry] as const],
    ),
  );
  const verified = alsoVerified;
  const problems: Diagnostic[] = [];
  for (const probe of probes) {
    const kind = isKind(probe.entry.channel) ? probe.entry.channel : undefined;
    listOf(probe.entry, 'verifies').forEach((ref, index) => {
      if (typeof ref !== 'string') return;
      verified.add(ref);
      const path = [...probe.path, 'verifies', index];
      const claim = byId.get(ref);
      if (claim === undefined) {
        const valid = [...byId.keys()].filter((id) => ID_PATTERN.test(id));
        problems.push(
          at(
            probe.file,
            path,
            'probe.unknown-claim',
            `verifies "${ref}", which is not a claim${didYouMean(ref, valid)}`,
          ),
        );
        return;
      }
      const channels = listOf(claim, 'channels').filter((c): c is string => typeof c === 'string');
      if (kind !== undefined && channels.length > 0 && !channels.includes(channelOf(kind))) {
        const measures = channelOf(kind);
        problems.push(
          at(
            probe.file,
            path,
            'probe.channel-mismatch',
            `a ${kind} probe measures ${measures}, but claim "${ref}" is about ${and(channels)}; add ${measures} to the claim's channels or verify another claim`,
          ),
        );
      }
    });
  }
  for (const claim of claims) {
    const id = text(claim.entry.id);
    if (id !== undefined && ID_PATTERN.test(id) && !verified.has(id)) {
      problems.push(
        diagnosticAt(
          claim.file.source,
          [...claim.path, 'id'],
          'claim.unverified',
          `claim "${id}" is verified by no probe; it would stay unproven`,
        ),
      );
    }
  }
  return problems;
}

function routing(claims: readonly Located[], receivers: readonly Located[], routes: readonly Located[]): Diagnostic[] {
  const names = new Set(receivers.flatMap((receiver) => text(receiver.entry.name) ?? []));
  const owners = new Set(claims.flatMap((claim) => text(claim.entry.owner) ?? []));
  const problems: Diagnostic[] = [];
  for (const route of routes) {
    const owner = text(route.entry.owner);
    if (owner !== undefined && owner !== '*' && !owners.has(owner)) {
      problems.push(
        at(
          route.file,
          [...route.path, 'owner'],
          'route.unknown-owner',
          `no claim has the owner "${owner}"${didYouMean(owner, owners)}`,
        ),
      );
    }
    listOf(route.entry, 'receivers').forEach((name, index) => {
      if (typeof name === 'string' && !names.has(name)) {
        const hint = didYouMean(name, names);
        const help = hint === '' ? '; declare it under receivers or fix the name' : hint;
        problems.push(
          at(
            route.file,
            [...route.path, 'receivers', index],
            'route.unknown-receiver',
            `"${name}" is not a receiver${help}`,
          ),
        );
      }
    });
  }
  return problems;
}

/** Every problem that only shows when all files are read together. Call it only when every file parsed as YAML. */
export function crossCheck(files: readonly LooseFile[], collectorSchemas: CollectorOptionSchemas): Diagnostic[] {
  const claims = located(files, 'claims');
  const probes = located(files, 'probes');
  const receivers = located(files, 'receivers');
  const collectors = collectorChecks(files, collectorSchemas);
  return [
    ...singletons(files, 'service', true),
    ...singletons(files, 'evaluation', false),
    ...duplicates(claims, 'id', 'claim'),
    ...duplicates(probes, 'id', 'probe'),
    ...duplicates(receivers, 'name', 'receiver'),
    ...references(claims, probes, collectors.verified),
    ...collectors.diagnostics,
    ...routing(claims, receivers, located(files, 'routes')),
  ];
}
