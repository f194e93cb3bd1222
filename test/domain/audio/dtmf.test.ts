import { describe, expect, it } from 'vitest';
import {
  detectDtmf,
  detectDtmfBlock,
  DTMF_DIGITS,
  dtmfFrequencies,
  dtmfTone,
  goertzelPower,
} from '../../../src/domain/audio/dtmf.ts';
import { concat, noise, silence, tone } from './signals.ts';

describe('DTMF', () => {
  it.each([...DTMF_DIGITS])('the in-band tone of %s is detected as %s', (digit) => {
    const block = dtmfTone(digit, 40);
    expect(detectDtmfBlock(block, 0, 160)).toBe(digit);
  });

  it.each([
    ['silence', silence(40)],
    ['a single 697 Hz tone', tone([697], 40)],
    ['a 425 Hz ringback tone', tone([425], 40)],
    ['two row tones at once', tone([697, 770], 40)],
    ['noise', noise(40, 8_000)],
  ])('%s is no digit', (_name, block) => {
    expect(detectDtmfBlock(block, 0, 160)).toBeUndefined();
  });

  it('finds a dialled sequence with its positions, each digit once however long it lasts', () => {
    const signal = concat(
      silence(100),
      dtmfTone('1', 120),
      silence(80),
      dtmfTone('5', 200),
      silence(80),
      dtmfTone('#', 100),
      silence(60),
    );
    const found = detectDtmf(signal);
    expect(found.map((f) => f.digit)).toEqual(['1', '5', '#']);
    expect(found[0]?.atSample).toBe(800);
  });

  it('Goertzel power is highest at the frequency present', () => {
    const signal = tone([1_209], 50);
    expect(goertzelPower(signal, 0, 400, 1_209)).toBeGreaterThan(100 * goertzelPower(signal, 0, 400, 1_336));
  });

  it('rejects what is not a digit', () => {
    expect(() => dtmfFrequencies('x')).toThrow(RangeError);
    expect(dtmfFrequencies('0')).toEqual([941, 1_336]);
  });
});
