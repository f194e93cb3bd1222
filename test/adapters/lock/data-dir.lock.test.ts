import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_FILE, lockDataDir } from '../../../src/adapters/lock/data-dir.lock.ts';
import { KeptError } from '../../../src/domain/errors.ts';

const dirs: string[] = [];
const dataDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'kept-lock-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A process that lives until killed, and its PID; then a PID that surely belonged to a process now gone. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid ?? 0;
}

describe('the data-directory lock', () => {
  it('writes the holder PID and removes the file on release', () => {
    const dir = dataDir();
    const lock = lockDataDir(dir, process.pid);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
    expect(() => readFileSync(join(dir, LOCK_FILE))).toThrow(/ENOENT/);
  });

  it('refuses a second holder while the first is alive, naming its PID', () => {
    const dir = dataDir();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, LOCK_FILE), `${holder.pid}\n`);
      let caught: unknown;
      try {
        lockDataDir(dir, process.pid);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(KeptError);
      expect((caught as KeptError).code).toBe('data-dir.locked');
      expect((caught as KeptError).message).toContain(`PID ${holder.pid}`);
      expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(holder.pid));
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('takes over a stale lock whose PID is dead, and an unreadable one', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, LOCK_FILE), `${await deadPid()}\n`);
    lockDataDir(dir, process.pid).release();
    writeFileSync(join(dir, LOCK_FILE), 'not a pid');
    const lock = lockDataDir(dir, process.pid);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });

  it('does not remove a lock another process took after a stale takeover', () => {
    const dir = dataDir();
    const lock = lockDataDir(dir, process.pid);
    writeFileSync(join(dir, LOCK_FILE), '1\n');
    lock.release();
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe('1');
  });
});
