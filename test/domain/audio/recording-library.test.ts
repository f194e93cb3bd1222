import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../../src/domain/audio/fingerprint.ts';
import { isKnownRecording, RecordingLibrary } from '../../../src/domain/audio/recording-library.ts';
import { holdMusic } from '../../../src/desk/phone/hold-music.ts';

const loop = fingerprintOf(holdMusic(4, 1));
const piece = fingerprintOf(holdMusic(4, 1).subarray(8_000, 24_000));
const meta = { sound: 'music' as const, target: 'sip:desk@x', at: 1_000, callId: 'c1' };

describe('the recording library', () => {
  it('learns audio heard once, finds it again, and counts calls and plays', () => {
    const library = new RecordingLibrary();
    const learnt = library.learn(loop, meta);
    expect(isKnownRecording(learnt)).toBe(false);
    expect(library.lookup(piece)?.recording.id).toBe(learnt.id);
    library.heard(learnt.id, { at: 2_000, callId: 'c1' });
    library.heard(learnt.id, { at: 3_000, callId: 'c2' });
    expect(learnt).toMatchObject({ plays: 3, calls: 2, lastHeardAt: 3_000 });
    expect(isKnownRecording(learnt)).toBe(true);
  });

  it('a recording first heard as a person matches only a near-identical replay (bit error rate under 0.2)', () => {
    // 7 words in 10 with 11 of their 32 bits flipped: a bit error rate of 0.24, like a similar voice saying the same words.
    const similar = { words: piece.words.map((w, i) => (i % 10 < 7 ? w ^ 0x0f0f0700 : w) >>> 0), loud: piece.loud };
    const person = new RecordingLibrary();
    person.learn(loop, { ...meta, sound: 'speech', person: true });
    expect(person.lookup(piece)).toBeDefined();
    expect(person.lookup(similar)).toBeUndefined();
    const recording = new RecordingLibrary();
    recording.learn(loop, { ...meta, sound: 'speech' });
    expect(recording.lookup(similar)?.ber).toBeCloseTo(0.24, 1);
  });

  it('forgets heard-once audio first when full', () => {
    const library = new RecordingLibrary({ maxWords: loop.words.length * 2 });
    const known = library.learn(loop, { ...meta, plays: 2 });
    library.learn(fingerprintOf(holdMusic(4, 2)), { ...meta, at: 5_000 });
    library.learn(fingerprintOf(holdMusic(4, 3)), { ...meta, at: 6_000 });
    expect(library.recordings.map((r) => r.id)).toContain(known.id);
    expect(library.recordings).toHaveLength(2);
  });

  it('survives a trip through JSON', () => {
    const library = new RecordingLibrary();
    const learnt = library.learn(loop, meta);
    const copy = RecordingLibrary.fromJSON(JSON.parse(JSON.stringify(library.toJSON())));
    expect(copy.lookup(piece)?.recording).toMatchObject({ id: learnt.id, sound: 'music', target: 'sip:desk@x' });
    expect(copy.learn(loop, meta).id).not.toBe(learnt.id);
    expect(() => RecordingLibrary.fromJSON({ version: 2 })).toThrow(RangeError);
  });
});
