import { describe, expect, it } from 'vitest';
import { CANONICAL_UUID, uuid7, uuid7Time, uuidFromBytes, uuidToBytes } from '../../../src/adapters/ids/uuid7.ts';

describe('uuid7 (RFC 9562)', () => {
  it("reproduces the RFC's example vector (appendix A.6)", () => {
    // Timestamp 0x017F22E279B0 (2022-02-22 19:22:22 UTC), rand_a 0xCC3, rand_b 0x18C4DC0C0C07398F.
    const random = Buffer.from('0cc318c4dc0c0c07398f', 'hex');
    expect(uuid7(0x017f22e279b0, random)).toBe('017f22e2-79b0-7cc3-98c4-dc0c0c07398f');
    expect(uuid7Time('017f22e2-79b0-7cc3-98c4-dc0c0c07398f')).toBe(Date.parse('2022-02-22T19:22:22Z'));
  });

  it('has the layout: 48-bit ms timestamp, version 7, variant 10, canonical text', () => {
    const ms = Date.parse('2026-12-06T12:00:00.123Z');
    for (let i = 0; i < 200; i += 1) {
      const id = uuid7(ms);
      expect(id).toMatch(CANONICAL_UUID);
      const bytes = uuidToBytes(id) as Buffer;
      expect(bytes.readUIntBE(0, 6)).toBe(ms);
      expect(bytes[6]! >> 4).toBe(7);
      expect(bytes[8]! >> 6).toBe(0b10);
      expect(uuidFromBytes(bytes)).toBe(id);
    }
    // The version and variant bits are forced whatever the random bytes say.
    expect(uuid7(0, Buffer.alloc(10, 0xff))).toBe('00000000-0000-7fff-bfff-ffffffffffff');
    expect(uuid7(0, Buffer.alloc(10, 0))).toBe('00000000-0000-7000-8000-000000000000');
  });

  it('sorts by time, as text and as bytes', () => {
    const ids = [5, 1_000, 1_700_000_000_000, 0xffff_ffff_ffff].map((ms) => uuid7(ms));
    expect([...ids].sort()).toEqual(ids);
    expect(
      ids
        .map((id) => uuidToBytes(id) as Buffer)
        .sort(Buffer.compare)
        .map(uuidFromBytes),
    ).toEqual(ids);
    expect(new Set(Array.from({ length: 1_000 }, () => uuid7(1)))).toHaveProperty('size', 1_000);
  });

  it('refuses timestamps outside 48 bits; only canonical UUIDs have a byte form', () => {
    expect(() => uuid7(-1)).toThrow(RangeError);
    expect(() => uuid7(2 ** 48)).toThrow(RangeError);
    expect(() => uuid7(1.5)).toThrow(RangeError);
    expect(uuidToBytes('probe-0001-5')).toBeUndefined();
    expect(uuidToBytes('017F22E2-79B0-7CC3-98C4-DC0C0C07398F')).toBeUndefined(); // upper case would not round-trip
  });
});
