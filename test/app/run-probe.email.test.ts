import { afterEach, describe, expect, it } from 'vitest';
import { createClaimBook } from '../../src/app/claim-book.ts';
import type { Channel, Clock, Logger, ObservationStore } from '../../src/app/ports.ts';
import { createProbeRunner, type ProbeRunnerDeps } from '../../src/app/run-probe.ts';
import { createVerdictBoard } from '../../src/app/verdict-board.ts';
import { openSqliteStore } from '../../src/adapters/stores/sqlite/sqlite.store.ts';
import type { Judgement } from '../../src/domain/judgement.ts';
import type { Observation } from '../../src/domain/observation.ts';
import { emailCatalogue, emailObservation, mailboxClaim } from './email-fixtures.ts';

const HOUR = 3_600_000;
const SATURDAY = Date.parse('2026-11-28T09:30:00Z');
const TUESDAY = Date.parse('2026-11-24T09:30:00Z');
const DERIVED = 'email-reply-4h~auto-reply';
const log: Logger = { info: () => {}, warn: () => {}, error: () => {} };

let store: ObservationStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/** An email channel as the registry wires it: suspended observations are said to be so, stored runs are acknowledged. */
function emailChannel(observation: Observation, events: string[]): Channel {
  return {
    kind: 'email',
    run: async () => observation,
    isSuspended: (o) => o.evidence.details?.suspended === true,
    afterStored: (o) => void events.push(`acknowledged ${o.id}`),
  };
}

/** The store, telling `events` when a record has become durable. */
function watched(inner: ObservationStore, events: string[]): ObservationStore {
  return new Proxy(inner, {
    get(target, name) {
      if (name === 'record') {
        return async (...args: Parameters<ObservationStore['record']>) => {
          await target.record(...args);
          events.push(`stored ${args[0].id}`);
        };
      }
      const value: unknown = Reflect.get(target, name);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function storedIds(): Promise<string[]> {
  return ((await store?.observations({ from: 0, to: Date.parse('2030-01-01T00:00:00Z') })) ?? []).map((o) => o.id);
}

async function runner(observation: Observation, extra: Partial<ProbeRunnerDeps> = {}) {
  store = await openSqliteStore({ path: ':memory:' });
  const events: string[] = [];
  const told: [Observation, readonly Judgement[]][] = [];
  const clock: Clock = { now: () => observation.startedAt, monotonic: () => 0, sleep: async () => {} };
  const probeRunner = createProbeRunner({
    catalogue: emailCatalogue,
    channelFor: () => emailChannel(observation, events),
    store: watched(store, events),
    clock,
    log,
    newId: () => observation.id,
    listeners: [(o, j) => told.push([o, j])],
    ...extra,
  });
  return { probeRunner, events, told, store };
}

describe('running an email probe', () => {
  it('neither judges nor stores a suspended run (Kept stopped while it waited), and leaves it pending in the channel', async () => {
    const suspended = emailObservation({ id: 'run-s', startedAt: TUESDAY, suspended: true });
    const { probeRunner, events, told } = await runner(suspended);
    const returned = await probeRunner.run('desk-email');
    expect(returned).toEqual(suspended);
    expect(await storedIds()).toEqual([]);
    expect(told).toEqual([]);
    expect(events).toEqual([]);
  });

  it('acknowledges the run to the channel after its observation is stored, so the pending row is deleted', async () => {
    const answered = emailObservation({ id: 'run-a', startedAt: TUESDAY, humanMs: 3 * HOUR });
    const { probeRunner, events } = await runner(answered);
    await probeRunner.run('desk-email');
    expect(events).toEqual(['stored run-a', 'acknowledged run-a']);
  });

  it('stores a run whose channel threw as inconclusive, and tells the channel so the run is not resumed under the same id', async () => {
    store = await openSqliteStore({ path: ':memory:' });
    const events: string[] = [];
    const crashing: Channel = {
      kind: 'email',
      run: async () => {
        throw new Error('bug in the mail parser');
      },
      afterStored: (o) => void events.push(`acknowledged ${o.id}`),
    };
    const clock: Clock = { now: () => TUESDAY, monotonic: () => 0, sleep: async () => {} };
    const probeRunner = createProbeRunner({
      catalogue: emailCatalogue,
      channelFor: () => crashing,
      store: watched(store, events),
      clock,
      log,
      newId: () => 'run-x',
    });
    const observation = await probeRunner.run('desk-email');
    expect(observation).toMatchObject({
      id: 'run-x',
      outcome: 'inconclusive',
      reason: 'the probe failed on our side: bug in the mail parser',
    });
    expect(events).toEqual(['stored run-x', 'acknowledged run-x']);
  });

  it('judges a Saturday mail answered after 50 hours against the auto-reply’s 24 hours too, and stores that judgement', async () => {
    const late = emailObservation({ id: 'run-late', startedAt: SATURDAY, humanMs: 50 * HOUR });
    const { probeRunner, told } = await runner(late);
    await probeRunner.run('desk-email');
    const judgements = told[0]?.[1] ?? [];
    expect(judgements.map((j) => [j.claimId, j.inForce, j.counted, j.met])).toEqual([
      ['email-reply-4h', false, false, false],
      [DERIVED, true, true, false],
    ]);
    expect(judgements[1]?.reason).toBe('human reply after 2d2h; promised 24h (due after 1d)');
    const tallies = await (store as ObservationStore).tallies([DERIVED], SATURDAY - HOUR, SATURDAY + HOUR);
    expect(tallies.get(DERIVED)?.map((t) => [t.met, t.failed])).toEqual([[0, 1]]);
    const stored = await (store as ObservationStore).observations({ claimId: DERIVED, from: 0, to: SATURDAY + HOUR });
    expect(stored.map((o) => o.id)).toEqual(['run-late']);
  });

  it('makes no derived judgement when the auto-reply set no time', async () => {
    const vague = emailObservation({
      id: 'run-vague',
      startedAt: TUESDAY,
      humanMs: HOUR,
      promise: 'We will get back to you as soon as possible.',
    });
    const { probeRunner, told } = await runner(vague);
    await probeRunner.run('desk-email');
    expect(told[0]?.[1].map((j) => j.claimId)).toEqual(['email-reply-4h']);
  });

  it('record() judges, stores and tells listeners about an observation made elsewhere (a resumed run)', async () => {
    const resumed = emailObservation({ id: 'run-r', startedAt: TUESDAY, humanMs: 2 * HOUR });
    const { probeRunner, told, events } = await runner(resumed);
    await probeRunner.record(resumed);
    expect(await storedIds()).toEqual(['run-r']);
    expect(told[0]?.[1].map((j) => [j.claimId, j.counted, j.met])).toEqual([
      ['email-reply-4h', true, true],
      [DERIVED, true, true],
    ]);
    // The caller (resumePending) forgets the run itself once record() resolved.
    expect(events).toEqual(['stored run-r']);
  });

  it('record() stores an observation of a probe that left the catalogue, judged against nothing', async () => {
    const orphan = {
      ...emailObservation({ id: 'run-o', startedAt: TUESDAY }),
      probeId: 'old-probe',
      outcome: 'inconclusive' as const,
    };
    const { probeRunner, told } = await runner(orphan);
    await probeRunner.record(orphan);
    expect(await storedIds()).toEqual(['run-o']);
    expect(told[0]?.[1]).toEqual([]);
  });
});

describe('the verdict board with a claim derived from an auto-reply', () => {
  it('shows the derived claim’s verdict once an observation carrying its promise is stored: broken by a weekend reply after 50 hours', async () => {
    const late = emailObservation({ id: 'run-late', startedAt: SATURDAY, humanMs: 50 * HOUR });
    const book = createClaimBook(emailCatalogue);
    const { probeRunner, store: s } = await runner(late, { listeners: [(o) => void book.learn(o)] });
    const clock: Clock = { now: () => SATURDAY + 60 * HOUR, monotonic: () => 0, sleep: async () => {} };
    const board = createVerdictBoard({
      store: s,
      claims: () => book.claims(),
      clock,
      log,
      windowMs: 7 * 24 * HOUR,
      minIntervalMs: 1_000,
    });
    expect((await board.refresh()).map((v) => v.claimId)).toEqual([mailboxClaim.id]);
    await probeRunner.run('desk-email');
    const verdicts = await board.refresh();
    expect(verdicts.map((v) => v.claimId)).toEqual([mailboxClaim.id, DERIVED]);
    const derived = verdicts.find((v) => v.claimId === DERIVED);
    expect(derived).toMatchObject({ status: 'broken', samples: { counted: 1, met: 0 } });
    expect(book.claim(DERIVED)).toMatchObject({
      copy: 'A member of our team will reply within 24 hours.',
      owner: 'support-ops',
      hours: { kind: 'always' },
    });
    board.stop();
  });
});
