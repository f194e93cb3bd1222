import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PROBE_KINDS, type ProbeKind } from '../domain/channel.ts';
import { COLLECTOR_PLATFORMS, type CollectorPlatform } from '../domain/population/collector-spec.ts';

const YAML_FILE = /\.ya?ml$/i;
const REFERENCE = /\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g;
const wordPattern = (word: string): RegExp => new RegExp(`(?<![A-Za-z0-9_-])${word}(?![A-Za-z0-9_-])`);
const patterns = <W extends string>(words: readonly W[]) => words.map((word) => [word, wordPattern(word)] as const);
const KIND_PATTERNS = patterns(PROBE_KINDS);
const PLATFORM_PATTERNS = patterns(COLLECTOR_PLATFORMS);

/** A catalogue path's files as the loader reads them (a folder: its *.yaml and *.yml); unreadable ones are skipped. */
async function textsOf(path: string): Promise<string[]> {
  try {
    const files = (await stat(path)).isDirectory()
      ? (await readdir(path)).filter((name) => YAML_FILE.test(name)).map((name) => join(path, name))
      : [path];
    return await Promise.all(files.map((file) => readFile(file, 'utf8')));
  } catch {
    return []; // the loader reports it
  }
}

/**
 * The probe kinds and collector platforms a catalogue may name, so that only their option schemas are loaded
 * (`kept validate` start-up): each written anywhere in the files as a word, or in the value of a `${VAR}` they
 * reference. A superset (a kind named in a description counts too); should one still be missed, catalogue-input loads
 * every schema and checks again.
 */
export async function namedInCatalogue(
  paths: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ kinds: Set<ProbeKind>; platforms: Set<CollectorPlatform> }> {
  const texts = (await Promise.all(paths.map(textsOf))).flat();
  const referenced = texts.flatMap((text) => [...text.matchAll(REFERENCE)].map((match) => env[match[1] as string]));
  const haystack = [...texts, ...referenced.filter((value) => value !== undefined)];
  const found = <W extends string>(list: readonly (readonly [W, RegExp])[]): Set<W> =>
    new Set(list.filter(([, pattern]) => haystack.some((text) => pattern.test(text))).map(([word]) => word));
  return { kinds: found(KIND_PATTERNS), platforms: found(PLATFORM_PATTERNS) };
}
