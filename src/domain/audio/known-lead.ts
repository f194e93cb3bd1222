import { popcount, type Fingerprint } from './fingerprint.ts';

/**
 * Per sub-fingerprint, bit errors at or under this count as the same audio. The same recording reads 2-8 of 32 bits
 * wrong (BER 0.05-0.25, docs/architecture/sip-channel.md); other audio about 16.
 */
const SAME_BITS = 11;
/** A loud word heard where the recording was quiet, or after it ended: new sound, a little less sure than a mismatch. */
const NEW_SOUND = -4;
/** The lead must outweigh this much (about 10 words matched, 80 ms) to count. */
const MIN_SCORE = 40;

/**
 * How many of `query`'s first words play `reference` at `offset` (query[i] meets reference[offset + i]) before
 * something else starts: the split that best separates "the same audio" from "other audio", found as the maximum of
 * the running sum of (SAME_BITS - bit errors) over loud words. A recording that ends, or a person who talks over a
 * prompt, ends the lead to the word (8 ms). Returns 0 when nothing at the start matches.
 */
export function knownLeadWords(query: Fingerprint, reference: Fingerprint, offset: number): number {
  let score = 0;
  let best = 0;
  let bestAt = 0;
  for (let i = 0; i < query.words.length; i += 1) {
    if (query.loud[i] === 0) continue;
    const j = offset + i;
    if (j < 0 || j >= reference.words.length || reference.loud[j] === 0) score += NEW_SOUND;
    else score += SAME_BITS - popcount(((query.words[i] as number) ^ (reference.words[j] as number)) >>> 0);
    if (score > best) {
      best = score;
      bestAt = i + 1;
    }
  }
  return best >= MIN_SCORE ? bestAt : 0;
}
