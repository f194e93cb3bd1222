import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeWav } from '../../../src/domain/audio/wav.ts';
import { encodeG711 } from '../../../src/protocols/g711/g711.ts';
import { realRecordings } from '../../support/audio-corpus.ts';
import { tone } from './signals.ts';

// KEPT_AUDIO_CORPUS: a folder of real recordings (WAV) with a labels.tsv, picked up by the placement tests.
describe('real recordings for the audio tests (KEPT_AUDIO_CORPUS)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kept-real-corpus-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads each labelled WAV (any rate, PCM or G.711) as 8 kHz samples without its leading quiet', () => {
    const samples = tone([440], 500);
    writeFileSync(join(dir, 'agent one.wav'), encodeWav(encodeG711(samples, 'pcma'), 'pcma'));
    const wide = Int16Array.from({ length: 16_000 }, (_, i) =>
      Math.round(6_000 * Math.sin((2 * Math.PI * 300 * i) / 16_000)),
    );
    writeFileSync(join(dir, 'hold.wav'), encodeWav(wide, 'pcm16', 16_000));
    writeFileSync(join(dir, 'labels.tsv'), '# file\tlabel\nagent one.wav\tagent\n\nhold.wav\tmusic  # a bed\n');
    const found = realRecordings(dir);
    expect(found.map((r) => [r.file, r.label])).toEqual([
      ['agent one.wav', 'agent'],
      ['hold.wav', 'music'],
    ]);
    expect(found[1]!.samples.length).toBeGreaterThan(7_000);
    expect(found[1]!.samples.length).toBeLessThanOrEqual(8_000);
  });

  it('names the file and line of a label it does not know', () => {
    writeFileSync(join(dir, 'labels.tsv'), 'hold.wav\tmusic\nhold.wav\tsinging\n');
    expect(() => realRecordings(dir)).toThrow(/labels\.tsv:2: expected "file\.wav<TAB>agent\|prompt\|music"/);
  });

  it('is empty when no folder is given', () => {
    expect(realRecordings('')).toEqual([]);
  });
});
