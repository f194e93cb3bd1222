import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { systemClock } from '../../../../src/adapters/clock/system.clock.ts';
import { createEmailChannel, type EmailChannel } from '../../../../src/adapters/channels/email/email.channel.ts';
import {
  startInboundEndpoint,
  type InboundEndpoint,
} from '../../../../src/adapters/channels/email/inbound-smtp.endpoint.ts';
import { EmailStore } from '../../../../src/adapters/channels/email/email.store.ts';
import { startEmailFrontDoor } from '../../../../src/desk/email/email-front-door.ts';
import type { StaffingSchedule } from '../../../../src/desk/staffing.schedule.ts';
import { freePort } from '../../../support/dovecot.ts';
import { emailProbe, memoryLog, tempEmailState } from './support.ts';

/** A desk, a probe and "Kept starts" (in this process or as a child that can be killed) for the restart tests. */
const STAFFED: StaffingSchedule = {
  timeZone: 'Europe/London',
  shifts: [{ days: [0, 1, 2, 3, 4, 5, 6], from: '00:00', to: '24:00', mode: 'staffed', humanDelayMs: [0, 0] }],
  otherwise: 'closed',
};
const SCRIPT = new URL('./restart-child.script.ts', import.meta.url).pathname;

/** Everything one test needs; torn down by `tearDown` (the test file's afterEach). */
const cleanups: (() => Promise<void> | void)[] = [];
export async function tearDown(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

export async function setUp(timing: { ackDelayMs: number; humanDelayMs: [number, number] }) {
  const log = memoryLog();
  const state = tempEmailState();
  cleanups.push(() => state.cleanup());
  const inboundPort = await freePort();
  const desk = await startEmailFrontDoor({
    clock: systemClock,
    staffing: STAFFED,
    deliverTo: { host: '127.0.0.1', port: inboundPort },
    timing,
    seed: 9,
  });
  cleanups.push(() => desk.stop());
  const options = {
    smtp: { host: desk.smtpHost, port: desk.smtpPort, security: 'none' },
    persona: { address: 'sam@customers.test' },
    receive: { via: 'inbound' },
  };
  const probe = emailProbe(options, { target: desk.address, timeoutMs: 20_000 });
  /** "Kept starts": the endpoint on the fixed port and a channel over the same store file. */
  async function keptStarts(): Promise<{ channel: EmailChannel; endpoint: InboundEndpoint; store: EmailStore }> {
    const store = EmailStore.open(state.storePath);
    const endpoint = await startInboundEndpoint({
      clock: systemClock,
      log,
      store,
      domains: ['customers.test'],
      port: inboundPort,
    });
    const channel = createEmailChannel({ log, store, evidenceDir: state.evidenceDir, inbound: endpoint });
    cleanups.push(async () => {
      await channel.close();
      await endpoint.stop();
      store.close();
    });
    return { channel, endpoint, store };
  }
  return { log, state, desk, probe, inboundPort, keptStarts };
}

export function startChild(config: Record<string, unknown>): { child: ChildProcess; steps: Record<string, unknown>[] } {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, JSON.stringify(config)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const steps: Record<string, unknown>[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) =>
    steps.push(JSON.parse(line) as Record<string, unknown>),
  );
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, steps };
}

export async function killed(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(child.pid as number, 'SIGKILL');
  await exited;
}
