/**
 * A Kept process for the restart test, killed with SIGKILL while its email probe waits for a reply. Runs one email
 * probe with the inbound endpoint on a given port and prints one JSON line per step:
 *   {"step":"listening"} once the endpoint is up, {"step":"observation", ...} if the run ever finishes.
 * Usage: node --import tsx restart-child.script.ts '<json config>'
 */
import { systemClock } from '../../../../src/adapters/clock/system.clock.ts';
import { createEmailChannel } from '../../../../src/adapters/channels/email/email.channel.ts';
import { EmailStore } from '../../../../src/adapters/channels/email/email.store.ts';
import { startInboundEndpoint } from '../../../../src/adapters/channels/email/inbound-smtp.endpoint.ts';
import type { ProbeSpec } from '../../../../src/domain/catalogue.ts';

interface Config {
  readonly storePath: string;
  readonly evidenceDir: string;
  readonly inboundPort: number;
  readonly runId: string;
  readonly probe: ProbeSpec;
}

const config = JSON.parse(process.argv[2] as string) as Config;
const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
const store = EmailStore.open(config.storePath);
const endpoint = await startInboundEndpoint({
  clock: systemClock,
  log,
  store,
  domains: ['customers.test'],
  port: config.inboundPort,
});
const channel = createEmailChannel({ log, store, evidenceDir: config.evidenceDir, inbound: endpoint });
console.log(JSON.stringify({ step: 'listening' }));
const observation = await channel.run(config.probe, {
  runId: config.runId,
  clock: systemClock,
  log,
  signal: new AbortController().signal,
});
console.log(JSON.stringify({ step: 'observation', observation }));
