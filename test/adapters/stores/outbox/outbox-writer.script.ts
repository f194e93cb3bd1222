/**
 * Child process for the outbox crash test: records observations through a BufferedStore whose inner store is an
 * InfluxStore with no server behind it, and prints `ack <id>` as each `record()` resolves. The parent SIGKILLs it and
 * checks that every acknowledged id is in the journal.
 * Usage: node --import tsx test/adapters/stores/outbox/outbox-writer.script.ts <journal path> <dead port>
 */
import { systemClock } from '../../../../src/adapters/clock/system.clock.ts';
import { openInfluxStore } from '../../../../src/adapters/stores/influx/influx.store.ts';
import { openBufferedStore } from '../../../../src/adapters/stores/outbox/buffered.store.ts';
import { judge } from '../../../../src/domain/judgement.ts';
import { chatAlways, MONDAY, observation } from '../../../contract/store-fixtures.ts';

const [journalPath, port] = process.argv.slice(2);
if (journalPath === undefined || port === undefined)
  throw new Error('usage: outbox-writer.script.ts <journal path> <dead port>');
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const inner = await openInfluxStore({
  url: `http://127.0.0.1:${port}`,
  database: 'kept',
  waitForServer: false,
  requestTimeoutMs: 500,
});
const store = await openBufferedStore({
  inner,
  journalPath,
  clock: systemClock,
  log: quiet,
  initialRetryMs: 50,
  maxRetryMs: 200,
});
for (let i = 0; ; i += 1) {
  const burst = Array.from({ length: 1 + (i % 4) }, (_, k) =>
    observation({ id: `crash-${i}-${k}`, startedAt: MONDAY + i * 1_000 + k }),
  );
  await Promise.all(
    burst.map(async (o) => {
      await store.record(o, [judge(chatAlways, o)]);
      process.stdout.write(`ack ${o.id}\n`);
    }),
  );
}
