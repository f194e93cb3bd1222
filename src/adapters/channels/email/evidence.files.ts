import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../../app/ports.ts';

/** Writes a run's mails (as sent and as received, byte for byte) under `<evidenceDir>/email/<runId>/`. */
export interface EvidenceWriter {
  /** Writes one file and returns its path relative to the evidence directory, or undefined if it could not be written. */
  write(name: string, content: Buffer | string): string | undefined;
}

export function createEvidenceWriter(evidenceDir: string | undefined, runId: string, log: Logger): EvidenceWriter {
  const relativeDir = join('email', runId.replace(/[^\w.-]/g, '_'));
  return {
    write(name, content) {
      if (evidenceDir === undefined) return undefined;
      const relative = join(relativeDir, name);
      try {
        mkdirSync(join(evidenceDir, relativeDir), { recursive: true });
        writeFileSync(join(evidenceDir, relative), content);
        return relative;
      } catch (error) {
        log.warn('email: could not keep an evidence file', { file: relative, error: (error as Error).message });
        return undefined;
      }
    },
  };
}
