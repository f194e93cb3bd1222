import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approveCopy } from '../../../src/app/signoff/approve.ts';
import type { SignoffRecordStore } from '../../../src/app/signoff/signoff.types.ts';
import { createSignoffWatch, type SignoffWatch } from '../../../src/app/signoff/signoff-watch.ts';
import { createNotifierFactory } from '../../../src/adapters/notifiers/notifier.factory.ts';
import { openSignoffStore } from '../../../src/adapters/stores/sqlite/signoff.store.ts';
import type { Catalogue } from '../../../src/domain/catalogue.ts';
import { startFakeWebhook, type FakeWebhook } from '../../adapters/notifiers/fakes/webhook.fake.ts';
import { recordingLogger } from '../../adapters/notifiers/fakes/recording.logger.ts';
import { businessHoursCopy, extracted } from '../../domain/signoff/extracted.ts';
import { demoLikeCatalogue } from '../../support/domain-fixtures.ts';
import { deskWeek, recordAll, signoffWorld, WEEK, WEEK_START, type SignoffWorld } from './signoff-fixtures.ts';

const DAY = 86_400_000;
const liveChat = extracted({ id: 'c1' });

describe('approving copy', () => {
  let world: SignoffWorld;
  let records: SignoffRecordStore;
  beforeEach(async () => {
    world = await signoffWorld();
    await recordAll(world.store, demoLikeCatalogue, deskWeek(WEEK_START));
    records = await openSignoffStore(join(world.dir, 'signoffs.db'));
  });
  afterEach(async () => {
    await records.close();
    await world.cleanup();
  });

  it('stores a record for each supported claim, with approver, date and evidence digest, and refuses the others', async () => {
    const result = await approveCopy(world.deps([liveChat, businessHoursCopy]), records, {
      copy: 'copy',
      sinceMs: 90 * DAY,
      approver: ' Jo Compliance ',
    });
    expect(result.refused).toEqual([
      {
        id: 'c1',
        status: 'not supported',
        reason: 'not supported: 432 of 672 in-force attempts failed; an absolute promise allows none',
      },
    ]);
    expect(result.approved).toHaveLength(1);
    const record = result.approved[0];
    expect(record).toMatchObject({
      partId: 'c2',
      channel: 'chat',
      claimText: businessHoursCopy.span.text,
      status: 'supported',
      lastStatus: 'supported',
      approver: 'Jo Compliance',
      approvedAt: world.clock.now(),
      owner: 'support-ops',
      matchedClaimId: 'chat-business-hours',
      sinceMs: 90 * DAY,
    });
    expect(record?.digest).toBe(result.report.claims.find((c) => c.id === 'c2')?.evidence.digest);

    await records.close();
    records = await openSignoffStore(join(world.dir, 'signoffs.db'));
    const stored = await records.list();
    expect(stored).toEqual(result.approved);
    expect(await records.get(record?.id as string)).toEqual(record);
    expect(await records.get('nope')).toBeUndefined();
  });

  it.each([
    ['an approval without a name', { approver: '  ' }, "an approval needs the approver's name"],
    [
      'a claim the copy does not have',
      { approver: 'Jo', claimIds: ['c9'] },
      'the copy has no measurable claim c9; it has c1, c2',
    ],
  ])('refuses %s', async (_name, fields, message) => {
    await expect(
      approveCopy(world.deps([liveChat, businessHoursCopy]), records, { copy: 'copy', sinceMs: 90 * DAY, ...fields }),
    ).rejects.toThrow(message);
    expect(await records.list()).toEqual([]);
  });
});

describe('watching signed-off claims', () => {
  let world: SignoffWorld;
  let records: SignoffRecordStore;
  let hook: FakeWebhook;
  let watch: SignoffWatch | undefined;
  beforeEach(async () => {
    hook = await startFakeWebhook();
    const catalogue: Catalogue = {
      ...demoLikeCatalogue,
      receivers: [{ name: 'ops-hook', kind: 'webhook', url: hook.hookUrl }],
      routes: [{ owner: 'support-ops', receivers: ['ops-hook'] }],
    };
    world = await signoffWorld(catalogue);
    await recordAll(world.store, catalogue, deskWeek(WEEK_START));
    records = await openSignoffStore(join(world.dir, 'signoffs.db'));
  });
  afterEach(async () => {
    await watch?.stop();
    await records.close();
    await world.cleanup();
    await hook.close();
  });

  it('tells the owner once when delivery breaks a signed-off claim, and once when it is supported again', async () => {
    const deps = world.deps([businessHoursCopy]);
    const { approved } = await approveCopy(deps, records, {
      copy: 'copy',
      sinceMs: 90 * DAY,
      approver: 'Jo Compliance',
    });
    const log = recordingLogger();
    watch = createSignoffWatch({
      signoff: deps,
      records,
      log,
      notifierFor: createNotifierFactory({ clock: world.clock, log }),
      evidenceUrl: (id) => `http://127.0.0.1:1/signoffs/${id}`,
      minIntervalMs: 0,
    });
    const id = approved[0]?.id as string;

    expect(await watch.check()).toEqual([{ id, status: 'supported', transition: null }]);

    // The next week nobody staffs the desk: over the evaluation window (7 days) the claim is broken.
    await recordAll(world.store, deps.catalogue, deskWeek(WEEK_START + WEEK, { staffed: false }));
    world.clock.set(WEEK_START + 2 * WEEK + 30 * 60_000);
    expect(await watch.check()).toEqual([{ id, status: 'not supported', transition: 'broke' }]);
    expect(await watch.check()).toEqual([{ id, status: 'not supported', transition: null }]);
    await watch.idle();
    expect(hook.accepted.map((n) => [n.status, n.alertname, n.claim.copy, n.claim.owner])).toEqual([
      ['firing', 'KeptSignedOffClaimBroken', businessHoursCopy.span.text, 'support-ops'],
    ]);
    expect(hook.accepted[0]?.summary).toMatch(
      /approved by Jo Compliance on 2026-01-12\) is no longer supported: compliance 0.0%/,
    );
    expect(hook.accepted[0]?.evidenceUrl).toBe(`http://127.0.0.1:1/signoffs/${id}`);
    expect((await records.get(id))?.lastStatus).toBe('not supported');

    // Staffed again the week after: supported, so the owner hears it is over.
    await recordAll(world.store, deps.catalogue, deskWeek(WEEK_START + 2 * WEEK));
    world.clock.set(WEEK_START + 3 * WEEK + 30 * 60_000);
    expect(await watch.check()).toEqual([{ id, status: 'supported', transition: 'recovered' }]);
    await watch.idle();
    expect(hook.accepted.map((n) => n.status)).toEqual(['firing', 'resolved']);
    expect(hook.accepted[1]?.dedupKey).toBe(hook.accepted[0]?.dedupKey);
  });

  it('re-checks on verdict refreshes at most once per interval', async () => {
    const deps = world.deps([businessHoursCopy]);
    await approveCopy(deps, records, { copy: 'copy', sinceMs: 90 * DAY, approver: 'Jo' });
    const log = recordingLogger();
    watch = createSignoffWatch({
      signoff: deps,
      records,
      log,
      notifierFor: createNotifierFactory({ clock: world.clock, log }),
      evidenceUrl: () => 'http://127.0.0.1:1/',
      minIntervalMs: 600_000,
    });
    watch.onVerdicts();
    await watch.idle();
    const first = (await records.list())[0]?.lastCheckedAt;
    expect(first).toBeNull(); // still supported: nothing settled changed, so nothing was written
    await recordAll(world.store, deps.catalogue, deskWeek(WEEK_START + WEEK, { staffed: false }));
    world.clock.advance(60_000);
    watch.onVerdicts(); // too soon after the last re-check
    await watch.idle();
    expect((await records.list())[0]?.lastStatus).toBe('supported');
    world.clock.set(WEEK_START + 2 * WEEK + 30 * 60_000);
    watch.onVerdicts();
    await watch.idle();
    expect((await records.list())[0]?.lastStatus).toBe('not supported');
  });
});
