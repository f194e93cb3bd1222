/**
 * Child process for the crash test: records observations one at a time, forever, and prints `ack <id>` after each
 * `record()` resolves. The parent kills it with SIGKILL mid-stream and checks every acknowledged id survived.
 * Usage: node --import tsx test/adapters/stores/crash-writer.script.ts <store path>
 */
import { openSqliteStore } from '../../../src/adapters/stores/sqlite/sqlite.store.ts';
import { judge } from '../../../src/domain/judgement.ts';
import { chatAlways, MONDAY, observation, officeHuman } from '../../contract/store-fixtures.ts';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: crash-writer.script.ts <store path>');
const store = await openSqliteStore({ path });
for (let i = 0; ; i += 1) {
  const o = observation({ id: `crash-${i}`, startedAt: MONDAY + i * 7_000, firstResponseMs: 500 + (i % 90) * 1_000 });
  await store.record(o, [judge(chatAlways, o), judge(officeHuman, o)]);
  process.stdout.write(`ack ${o.id}\n`);
}
