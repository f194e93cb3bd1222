import { afterEach, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { systemClock } from '../../../../src/adapters/clock/system.clock.ts';
import { composeProbeMail } from '../../../../src/adapters/channels/email/mail-composer.ts';
import { emailOptionsSchema } from '../../../../src/adapters/channels/email/email.options.ts';
import { EmailStore } from '../../../../src/adapters/channels/email/email.store.ts';
import type { Observation } from '../../../../src/domain/observation.ts';
import type { RunningEmailFrontDoor } from '../../../../src/desk/email/email-front-door.ts';
import { killed, setUp, startChild, tearDown } from './email.restart.support.ts';
import { context, eventually, memoryLog } from './support.ts';

afterEach(tearDown);

describe('a restart of Kept while an email probe waits', () => {
  it('loses nothing and sends nothing twice: the killed run is resumed and timed, and the desk got one mail', async () => {
    const { desk, probe, state, inboundPort, keptStarts } = await setUp({
      ackDelayMs: 200,
      humanDelayMs: [3_000, 3_000],
    });
    const { child, steps } = startChild({
      storePath: state.storePath,
      evidenceDir: state.evidenceDir,
      inboundPort,
      runId: 'restart-1',
      probe,
    });
    await eventually(
      () => (steps.some((s) => s.step === 'listening') ? true : undefined),
      20_000,
      'the first Kept to listen',
    );
    await eventually(
      () => (desk.replies().some((r) => r.kind === 'ack') ? true : undefined),
      10_000,
      'the auto-ack to be delivered',
    );
    await killed(child);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const kept = await keptStarts();
    expect(kept.store.get('restart-1')?.state).toBe('sent');
    const recorded: Observation[] = [];
    const report = await kept.channel.resumePending({
      probes: [probe],
      clock: systemClock,
      signal: new AbortController().signal,
      record: async (o) => void recorded.push(o),
    });
    expect(report).toMatchObject({ recorded: 0, resumed: 1 });
    await report.done;
    expect(desk.received()).toBe(1);
    expect(recorded).toHaveLength(1);
    const [observation] = recorded as [Observation];
    expect(observation).toMatchObject({ id: 'restart-1', outcome: 'answered', humanReached: true });
    expect(observation.evidence.details).toMatchObject({ resumed: true });
    const [ack, human] = desk.replies();
    // The probe's interval (its mail accepted -> a reply's DATA ended at the endpoint) lies inside the desk's (its
    // DATA ended -> its delivery acknowledged), so it is never longer, but for the ms rounding of the epoch times a
    // run read across a restart is timed with. How much shorter: email.restart.timing.test.ts.
    expect(observation.timings.autoReplyMs).toBeLessThanOrEqual((ack?.deskDelayMs as number) + 2);
    expect(observation.timings.humanMs).toBeLessThanOrEqual((human?.deskDelayMs as number) + 2);
    expect(observation.timings.humanMs).toBeGreaterThan(observation.timings.autoReplyMs as number);
    expect(kept.store.runs()).toHaveLength(0);
  }, 60_000);

  it('records a run that finished but was never stored, once', async () => {
    const { probe, keptStarts, desk } = await setUp({ ackDelayMs: 100, humanDelayMs: [300, 300] });
    const first = await keptStarts();
    const observation = await first.channel.run(probe, context('finished-1', systemClock, memoryLog()));
    expect(observation.outcome).toBe('answered');
    const recorded: Observation[] = [];
    const record = async (o: Observation): Promise<void> => void recorded.push(o);
    const report = await first.channel.resumePending({
      probes: [probe],
      clock: systemClock,
      signal: new AbortController().signal,
      record,
    });
    expect(report).toMatchObject({ recorded: 1, resumed: 0 });
    const again = await first.channel.resumePending({
      probes: [probe],
      clock: systemClock,
      signal: new AbortController().signal,
      record,
    });
    expect(again).toMatchObject({ recorded: 0, resumed: 0 });
    expect(recorded.map((o) => o.id)).toEqual(['finished-1']);
    expect(recorded[0]).toEqual(observation);
    expect(desk.received()).toBe(1);
  }, 30_000);

  it('never sends a second mail when the same run is started again', async () => {
    const { probe, keptStarts, desk } = await setUp({ ackDelayMs: 100, humanDelayMs: [300, 300] });
    const kept = await keptStarts();
    const once = await kept.channel.run(probe, context('twice-1', systemClock, memoryLog()));
    const twice = await kept.channel.run(probe, context('twice-1', systemClock, memoryLog()));
    expect(twice).toEqual(once);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(desk.received()).toBe(1);
  }, 30_000);

  it('after a crash during the SMTP hand-over, takes replies as proof the mail left; without any, ends inconclusive and sends nothing', async () => {
    const { probe, keptStarts, desk, state } = await setUp({ ackDelayMs: 100, humanDelayMs: [400, 400] });
    const options = emailOptionsSchema.parse(probe.options);
    const quick = { ...probe, schedule: { ...probe.schedule, timeoutMs: 1_500 } };
    // Two runs were being handed to SMTP when Kept died: the first mail did reach the desk, the second never left.
    const store = EmailStore.open(state.storePath);
    for (const runId of ['handover-left', 'handover-lost']) {
      const mail = await composeProbeMail({ options, runId, probeId: probe.id, to: desk.address, date: new Date() });
      const facts = {
        to: desk.address,
        from: mail.from,
        subject: mail.subject,
        persona: 'Sam Taylor',
        topicWords: [],
        receive: 'inbound' as const,
        waitForHuman: true,
        timeoutMs: 1_500,
      };
      store.insertSending({
        runId,
        probeId: probe.id,
        token: mail.token,
        messageId: mail.messageId,
        startedAt: Date.now(),
        deadlineAt: Date.now() + 1_500,
        facts,
      });
      if (runId === 'handover-left') await deliver(desk, mail.from, mail.raw);
    }
    store.close();
    const kept = await keptStarts();
    const recorded: Observation[] = [];
    const report = await kept.channel.resumePending({
      probes: [quick],
      clock: systemClock,
      signal: new AbortController().signal,
      record: async (o) => void recorded.push(o),
    });
    await report.done;
    const byId = new Map(recorded.map((o) => [o.id, o]));
    expect(byId.get('handover-left')).toMatchObject({
      outcome: 'answered',
      humanReached: true,
      evidence: { details: { send: 'unclear' } },
    });
    expect(byId.get('handover-lost')?.outcome).toBe('inconclusive');
    expect(byId.get('handover-lost')?.reason).toMatch(/could not tell whether the mail left/);
    expect(desk.received()).toBe(1);
  }, 30_000);
});

async function deliver(desk: RunningEmailFrontDoor, from: string, raw: Buffer): Promise<void> {
  const transport = nodemailer.createTransport({
    host: desk.smtpHost,
    port: desk.smtpPort,
    secure: false,
    ignoreTLS: true,
  });
  await transport.sendMail({ envelope: { from, to: [desk.address] }, raw });
  transport.close();
}
