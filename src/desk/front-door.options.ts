import type { Clock, Logger } from '../app/ports.ts';
import type { StaffingSchedule } from './staffing.schedule.ts';

/** What every front door of the simulated desk (chat API, web chat, phone, email) is started with. */
export interface FrontDoorOptions {
  readonly clock: Clock;
  /** Who answers when: read on `clock`. */
  readonly staffing: StaffingSchedule;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
  /** Seeds the random delays and agent names, so runs repeat. Default 1. */
  readonly seed?: number;
  /** Told about what the desk does, with its true delays. */
  readonly log?: Logger;
}
