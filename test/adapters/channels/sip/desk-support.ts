import { expect } from 'vitest';
import type { Observation } from '../../../../src/domain/observation.ts';
import type { StaffingSchedule } from '../../../../src/desk/staffing.schedule.ts';
import type { PhoneCallRecord, RunningPhoneDesk } from '../../../../src/desk/phone/phone-front-door.ts';

/** Around the clock in one mode; staffed desks pick up after exactly `humanDelayMs`. */
export function allDay(mode: 'staffed' | 'bot-only' | 'closed', humanDelayMs = 12_000): StaffingSchedule {
  return {
    timeZone: 'UTC',
    shifts: [
      {
        days: [0, 1, 2, 3, 4, 5, 6],
        from: '00:00',
        to: '24:00',
        mode,
        ...(mode === 'staffed' ? { humanDelayMs: [humanDelayMs, humanDelayMs] as [number, number] } : {}),
      },
    ],
    otherwise: 'closed',
  };
}

/** The desk's record of the call an observation made (matched by Call-ID). */
export function deskRecordOf(desk: RunningPhoneDesk, observation: Observation): PhoneCallRecord {
  const callId = (observation.evidence.details as { callId?: string }).callId;
  const record = desk.calls().find((call) => call.callId === callId);
  expect(record, `the desk has no record of call ${callId}`).toBeDefined();
  return record as PhoneCallRecord;
}

/** The IVR script a customer of the demo desk follows: listen to the menu, press 1 (billing). */
export const BILLING = [{ waitForPrompt: { timeout: '15s', silence: '700ms' } }, { press: '1' }];
