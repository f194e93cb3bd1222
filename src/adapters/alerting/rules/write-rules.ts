import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalogue } from '../../../domain/catalogue.ts';
import { generateRules, type RulesOptions } from './generate-rules.ts';

/**
 * Writes the rule files for a catalogue into `outDir` (created if missing) and returns the paths written.
 * Files are written whole, so re-running gives identical bytes; files the generator no longer produces are left alone.
 */
export async function writeRules(catalogue: Catalogue, outDir: string, options: RulesOptions): Promise<string[]> {
  const files = generateRules(catalogue, options);
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const { file, yaml } of files) {
    const path = join(outDir, file);
    await writeFile(path, yaml, 'utf8');
    written.push(path);
  }
  return written;
}
