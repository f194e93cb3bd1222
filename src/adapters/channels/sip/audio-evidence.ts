import { mkdir, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

export interface AudioRetention {
  /** Most WAV files kept. Default 500. */
  readonly maxFiles: number;
  /** Most bytes kept in all. Default 500 MB (about 17 hours of 8 kHz μ-law). */
  readonly maxBytes: number;
  /** Files older than this, relative to the newest, are deleted. Default 30 days. */
  readonly maxAgeMs: number;
}

export const DEFAULT_RETENTION: AudioRetention = {
  maxFiles: 500,
  maxBytes: 500 * 1024 * 1024,
  maxAgeMs: 30 * 86_400_000,
};

const FOLDER = 'sip-audio';

/**
 * Received call audio kept as WAV files under `<evidenceDir>/sip-audio/<probeId>/<runId>.wav`, pruned after each
 * write to the retention limits (oldest first). Ages are measured against the newest file's modification time, so
 * no wall clock is read here.
 */
export class AudioEvidence {
  readonly #dir: string;
  readonly #retention: AudioRetention;
  #pruning: Promise<void> = Promise.resolve();

  constructor(evidenceDir: string, retention: Partial<AudioRetention> = {}) {
    this.#dir = evidenceDir;
    this.#retention = { ...DEFAULT_RETENTION, ...retention };
  }

  /** Writes the file (atomically) and returns its path relative to the evidence directory. */
  async save(probeId: string, runId: string, wav: Uint8Array): Promise<string> {
    const safe = (text: string): string => text.replace(/[^A-Za-z0-9._-]/g, '_');
    const folder = join(this.#dir, FOLDER, safe(probeId));
    await mkdir(folder, { recursive: true });
    const path = join(folder, `${safe(runId)}.wav`);
    await writeFile(`${path}.part`, wav);
    await rename(`${path}.part`, path);
    this.#pruning = this.#pruning.then(() => this.prune()).catch(() => undefined);
    await this.#pruning;
    return relative(this.#dir, path);
  }

  /** Deletes the oldest files beyond the limits; returns nothing, never throws for a file that vanished. */
  async prune(): Promise<void> {
    const files: { path: string; size: number; mtimeMs: number }[] = [];
    const root = join(this.#dir, FOLDER);
    let folders: string[];
    try {
      folders = await readdir(root);
    } catch {
      return;
    }
    for (const folder of folders) {
      let names: string[];
      try {
        names = await readdir(join(root, folder));
      } catch {
        continue;
      }
      for (const name of names.filter((n) => n.endsWith('.wav'))) {
        try {
          const info = await stat(join(root, folder, name));
          files.push({ path: join(root, folder, name), size: info.size, mtimeMs: info.mtimeMs });
        } catch {
          // deleted meanwhile
        }
      }
    }
    files.sort((a, b) => b.mtimeMs - a.mtimeMs);
    const newest = files[0]?.mtimeMs ?? 0;
    let bytes = 0;
    for (const [index, file] of files.entries()) {
      bytes += file.size;
      const tooMany = index >= this.#retention.maxFiles;
      const tooBig = bytes > this.#retention.maxBytes && index > 0;
      const tooOld = newest - file.mtimeMs > this.#retention.maxAgeMs;
      if (tooMany || tooBig || tooOld) await unlink(file.path).catch(() => undefined);
    }
  }
}
