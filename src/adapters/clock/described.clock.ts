import type { ClockDescription, DescribedClock } from '../../app/worker.port.ts';
import { validationError } from '../../domain/errors.ts';
import { createCatchUpClock } from './catch-up.clock.ts';
import { createCompressedClock } from './compressed.clock.ts';
import { systemClock } from './system.clock.ts';

/**
 * Rebuilds a clock another process described (`describe()`): a probe worker runs each attempt on the clock the
 * service gave the probe, reading the same `now()` (within the two processes' agreement on real time, well under a
 * millisecond on one machine; a compressed clock multiplies that error by its pace).
 */
export function clockFromDescription(description: ClockDescription): DescribedClock {
  switch (description.kind) {
    case 'system':
      return systemClock;
    case 'compressed':
      return createCompressedClock(description);
    case 'catch-up': {
      const { start, factor, originWallMs, pace } = description;
      const clock = createCatchUpClock({ start, factor, originWallMs });
      return pace >= factor ? clock : clock.capped(pace);
    }
    default:
      throw validationError('clock.description', `unknown clock description ${JSON.stringify(description)}`);
  }
}
