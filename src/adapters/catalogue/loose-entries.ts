import type { YamlSource } from './yaml-source.ts';

/**
 * A catalogue file as the cross-file checks read it, before the schema has accepted it: anything may be missing or of
 * another type, so every read is checked.
 */
export interface LooseFile {
  readonly source: YamlSource;
  /** The document after `${VAR}` interpolation. */
  readonly value: unknown;
}

export type Entry = Readonly<Record<string, unknown>>;

export const isRecord = (value: unknown): value is Entry =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The entries of a section (`claims`, `collectors`…), each an object (`{}` where the file wrote something else). */
export const entriesOf = (value: unknown, key: string): Entry[] =>
  isRecord(value) && Array.isArray(value[key])
    ? (value[key] as unknown[]).map((item) => (isRecord(item) ? item : {}))
    : [];
