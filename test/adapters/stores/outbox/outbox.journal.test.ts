import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutboxJournal } from '../../../../src/adapters/stores/outbox/outbox.journal.ts';
import { MONDAY, observation } from '../../../contract/store-fixtures.ts';
import { freePort } from '../../../support/influxd.ts';
import { tempDir } from './outbox-helpers.ts';

describe('OutboxJournal', () => {
  it('hands entries back in the order appended, across reopening, and forgets only what was delivered', async () => {
    const { dir, cleanup } = await tempDir();
    const path = join(dir, 'outbox.db');
    let journal = OutboxJournal.open(path);
    const o = (i: number) => observation({ id: `j${i}`, startedAt: MONDAY + i });
    journal.append(
      [1, 2, 3].map((i) => ({ kind: 'record' as const, observation: o(i), judgements: [] })),
      1_000,
    );
    journal.append([{ kind: 'gap', gap: { probeId: 'p', from: 1, to: 2, missedRuns: 1, reason: 'down' } }], 2_000);
    journal.removeThrough(journal.peek(1)[0]!.seq);
    journal.close();
    journal = OutboxJournal.open(path);
    const entries = journal.peek(10);
    expect(entries.map((e) => (e.kind === 'record' ? e.observation.id : e.kind))).toEqual(['j2', 'j3', 'gap']);
    expect(entries.map((e) => e.recordedAt)).toEqual([1_000, 1_000, 2_000]);
    expect(entries[0]).toMatchObject({ observation: o(2) });
    expect(journal.count()).toBe(3);
    journal.reject(entries[1]!.seq, 3_000, 'refused');
    expect(journal.count()).toBe(2);
    expect(journal.rejectedCount()).toBe(1);
    expect(journal.peek(10, entries[0]!.seq).map((e) => e.kind)).toEqual(['gap']);
    journal.close();
    await cleanup();
  });

  it('keeps every acknowledged observation when the recording process is SIGKILLed mid-stream', async () => {
    const { dir, cleanup } = await tempDir();
    const path = join(dir, 'outbox.db');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'outbox-writer.script.ts'), path, String(await freePort())],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const acked: string[] = [];
    let buffer = '';
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) if (line.startsWith('ack ')) acked.push(line.slice(4));
        if (acked.length >= 600 && child.pid !== undefined && child.exitCode === null) {
          child.removeAllListeners('exit');
          child.once('exit', () => resolve());
          process.kill(child.pid, 'SIGKILL');
        }
      });
    });
    const journal = OutboxJournal.open(path);
    const ids = new Set(journal.peek(1_000_000).flatMap((e) => (e.kind === 'record' ? [e.observation.id] : [])));
    journal.close();
    await cleanup();
    console.log(`writer SIGKILLed after ${acked.length} acknowledgements; journal holds ${ids.size} observations`);
    expect(acked.filter((id) => !ids.has(id))).toEqual([]);
  }, 30_000);
});
