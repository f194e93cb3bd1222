import { z } from 'zod';
import { secretOption } from '../channels/option-fields.ts';

/** Option fields every platform collector's schema shares. */

export const collectorSecret = (description: string) =>
  secretOption(`${description}; write \${ENV_VAR} in the catalogue, never the value`);

export const baseUrlOption = (vendorDefault: string, description: string) =>
  z.url().default(vendorDefault).describe(`${description} (a local fake in tests)`);

/** Segments of a customer's wait that a platform's clock does not count, named in a discrepancy. */
export const uncountedOption = z
  .array(z.string().min(1))
  .optional()
  .describe('what this figure does not count, e.g. [ivr, bot] when the clock starts at the hand-over');
