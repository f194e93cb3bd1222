import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether a tmpfs can be mounted here (root on Linux); the disk-full tests need one. */
export const canMountTmpfs = process.platform === 'linux' && process.getuid?.() === 0;

export interface SmallDisk {
  readonly dir: string;
  /** Fills what is left of the disk with one file; returns its size in bytes. */
  fill(): number;
  /** Removes the filler: the disk has room again. */
  free(): void;
  unmount(): void;
}

/** `dir` mounted again, read-only, at a new directory (a bind mount): writes there fail with EROFS. */
export function readOnlyView(dir: string): { readonly dir: string; unmount(): void } {
  const view = mkdtempSync(join(tmpdir(), 'kept-read-only-'));
  execFileSync('mount', ['--bind', '-o', 'ro', dir, view]);
  return {
    dir: view,
    unmount() {
      execFileSync('umount', ['-l', view]);
      rmSync(view, { recursive: true, force: true });
    },
  };
}

/** A real file system of `bytes` (tmpfs), so SQLite meets ENOSPC exactly as on a full disk. */
export function mountSmallDisk(bytes: number): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), 'kept-small-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir]);
  const filler = join(dir, 'filler');
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      const chunk = Buffer.alloc(4096, 1);
      let written = 0;
      try {
        for (;;) written += writeSync(fd, chunk);
      } catch (error) {
        if ((error as { code?: string }).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
      return written;
    },
    free() {
      unlinkSync(filler);
    },
    unmount() {
      execFileSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
