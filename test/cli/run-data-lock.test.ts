import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnKept, type KeptProcess } from '../support/spawn-kept.ts';

// Two single-machine `kept run` on one data directory: the second refuses to start and names the first's PID.

const started: KeptProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const kept of started.splice(0)) await kept.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function catalogue(dir: string): string {
  const file = join(dir, 'one.yaml');
  writeFileSync(
    file,
    [
      'version: kept/v1',
      'service: { name: Lock Ltd, timeZone: UTC }',
      'claims:',
      '  - { id: chat, copy: "24/7 chat", publishedAt: https://lock.invalid, owner: ops, channels: [chat],',
      '      hours: 24/7, promise: { human: 2m }, target: 90% }',
      'probes:',
      '  - id: chat-api',
      '    channel: chat-api',
      '    target: ws://127.0.0.1:9/chat',
      '    schedule: { cron: "0 3 * * *", timeout: 1m }',
      '    verifies: [chat]',
      '    options:',
      '      transport: websocket',
      '      persona: Sam',
      '      message: hi',
      '      send: { type: message, text: "{message}" }',
      '      receive: { textPath: "$.text", senderPath: "$.from.role" }',
      '      human: [{ path: "$.from.role", equals: agent }]',
      '',
    ].join('\n'),
  );
  return file;
}

describe('kept run takes a lock on its data directory', () => {
  it('a second kept run on the same --data refuses to start, naming the holder PID', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kept-run-lock-'));
    dirs.push(dir);
    const file = catalogue(dir);
    const data = join(dir, 'data');
    const args = ['run', '-c', file, '--port', '0', '--workers', '0', '--data', data];
    const first = spawnKept(args);
    started.push(first);
    await first.waitFor(/Kept is running at/, 60_000);
    const holder = first.child.pid;
    expect(readFileSync(join(data, 'kept.lock'), 'utf8').trim()).toBe(String(holder));
    const second = spawnKept(args);
    const code = await second.exited();
    expect(code).toBe(4);
    expect(second.output()).toContain(`in use by another Kept (PID ${holder}`);
    // Once the first stops, the lock is gone and a new kept run starts on the same directory.
    await first.stop();
    started.splice(0);
    expect(() => readFileSync(join(data, 'kept.lock'))).toThrow(/ENOENT/);
  }, 120_000);
});

describe('kept run without --queue', () => {
  it('imports no queue code statically (BullMQ is loaded only with --queue)', async () => {
    const { readFile } = await import('node:fs/promises');
    for (const file of ['src/cli/commands/run.command.ts', 'src/cli/commands/run-fleet.ts', 'src/cli/monitor.ts']) {
      const text = await readFile(file, 'utf8');
      const statics = [...text.matchAll(/^import [^;]*? from '([^']+)';/gms)].map((m) => m[1] ?? '');
      expect(
        statics.filter((s) => s === 'bullmq' || s === 'ioredis' || s.includes('adapters/queue/')),
        file,
      ).toEqual([]);
    }
  });
});
