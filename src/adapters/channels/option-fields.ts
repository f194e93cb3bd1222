import { z } from 'zod';
import { MAX_WAIT_MS, MAX_WAIT_WORDS, parseDuration } from '../../domain/duration.ts';
import { Secret } from '../../domain/secret.ts';

/** Fields that several channels' option schemas share. */

/**
 * A secret in probe options: text (write `${ENV_VAR}` in the catalogue) or a Secret already, kept as a Secret so it
 * prints as <redacted>. `text` says which strings are accepted (default: not empty).
 */
export const secretOption = (description: string, text: z.ZodString = z.string().min(1)) =>
  z
    .union([text, z.instanceof(Secret)])
    .transform((value) => (value instanceof Secret ? value : new Secret(value)))
    .describe(description);

/**
 * A duration in probe options: text such as "15s" or "800ms", or milliseconds, parsed to milliseconds.
 * `milliseconds` says which numbers are accepted (default: not negative). Every such duration is waited out in an
 * attempt, so none may be longer than one timer holds (`MAX_WAIT_MS`, 24 days).
 */
export const durationOption = (description: string, milliseconds: z.ZodNumber = z.number().nonnegative()) =>
  z
    .union([milliseconds, z.string()])
    .transform((value, ctx) => {
      let ms: number;
      try {
        ms = typeof value === 'number' ? value : parseDuration(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
      if (ms > MAX_WAIT_MS) {
        const shown = typeof value === 'number' ? `${value} ms` : JSON.stringify(value);
        ctx.addIssue({
          code: 'custom',
          message: `${shown} is longer than Kept can wait (at most ${MAX_WAIT_WORDS}); give 24d or less`,
        });
        return z.NEVER;
      }
      return ms;
    })
    .describe(description);
