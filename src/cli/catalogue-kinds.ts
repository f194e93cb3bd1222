import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PROBE_KINDS, type ProbeKind } from '../domain/channel.ts';

const YAML_FILE = /\.ya?ml$/i;
const REFERENCE = /\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g;
const kindPattern = (kind: string): RegExp => new RegExp(`(?<![A-Za-z0-9_-])${kind}(?![A-Za-z0-9_-])`);
const KIND_PATTERNS = PROBE_KINDS.map((kind) => [kind, kindPattern(kind)] as const);

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
 * The probe kinds a catalogue may name, so that only their option schemas are loaded (`kept validate` start-up): each
 * kind written anywhere in the files as a word, or in the value of a `${VAR}` they reference. A superset (a kind named
 * in a description counts too); should a kind still be missed, catalogue-input loads it and checks again.
 */
export async function probeKindsNamed(
  paths: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<Set<ProbeKind>> {
  const texts = (await Promise.all(paths.map(textsOf))).flat();
  const referenced = texts.flatMap((text) => [...text.matchAll(REFERENCE)].map((match) => env[match[1] as string]));
  const haystack = [...texts, ...referenced.filter((value) => value !== undefined)];
  return new Set(
    KIND_PATTERNS.filter(([, pattern]) => haystack.some((text) => pattern.test(text))).map(([kind]) => kind),
  );
}
