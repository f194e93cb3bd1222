import { uuid7 } from '../../adapters/ids/uuid7.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { createProbeRunner } from '../../app/run-probe.ts';
import type { ObservationStore } from '../../app/ports.ts';
import { systemClock } from '../../adapters/clock/system.clock.ts';
import { validationError } from '../../domain/errors.ts';
import { formatDuration } from '../../domain/duration.ts';
import type { Judgement } from '../../domain/judgement.ts';
import type { Observation } from '../../domain/observation.ts';
import { loadCatalogueOrThrow } from '../catalogue-input.ts';
import { openChannels } from '../channel-registry.ts';
import { createJsonLogger } from '../logger.ts';
import { untilSignal } from '../signals.ts';
import { openStore, storeOptions, type StoreFlags } from '../store-input.ts';
import { judgementResult, probeRunJson } from './probe-json.ts';
import { emailInboundOf, emailOptions, type EmailFlags } from './run.command.ts';

/**
 * A store that keeps nothing and has seen nothing: `kept probe` without --record only prints (a probe that cannot
 * connect is then judged "not yet reached: check the target", as a new probe would be).
 */
const discard = {
  record: async () => {},
  observations: async () => [],
  close: async () => {},
} as unknown as ObservationStore;

/** The email evidence a person reads first: the auto-reply's promise and the personal touch of the human reply. */
function emailLines(observation: Observation): string[] {
  const lines: string[] = [];
  const t = observation.timings;
  if (observation.kind !== 'email') return lines;
  if (t.autoReplyMs !== undefined) lines.push(`  auto-reply after ${formatDuration(t.autoReplyMs)}`);
  if (observation.autoReplyPromise !== undefined)
    lines.push(`  the auto-reply promised: "${observation.autoReplyPromise}"`);
  const touch = observation.evidence.details?.personalTouch as
    { addressed?: string; greeting?: string; topic?: { answered?: string[]; missing?: string[] } } | undefined;
  if (touch !== undefined) {
    const how =
      touch.addressed === 'by-name' ? 'by name' : touch.addressed === 'generic' ? 'generically' : 'without a greeting';
    lines.push(
      `  personal touch: the reply addresses the customer ${how}${touch.greeting ? ` ("${touch.greeting}")` : ''}`,
    );
    if (touch.topic !== undefined)
      lines.push(
        `  topic words answered: ${touch.topic.answered?.join(', ') || 'none'}; missing: ${touch.topic.missing?.join(', ') || 'none'}`,
      );
  }
  if (observation.evidence.details?.suspended === true)
    lines.push(
      '  Kept stopped while waiting for a reply: with --record the run resumes at the next `kept run` on this data directory',
    );
  return lines;
}

/** The `kept probe` command's arguments, flags and action (its name and summary are in src/main.ts). */
export function defineProbe(command: Command): void {
  command
    .argument('<id>', 'probe id from the catalogue')
    .requiredOption('-c, --catalogue <files...>', 'catalogue YAML files')
    .option('--json', 'print the observation as JSON (see docs/observation-json.md)')
    .option('--record', 'also store the observation in the data directory');
  storeOptions(emailOptions(command)).action(
    async (id: string, opts: StoreFlags & EmailFlags & { catalogue: string[]; json?: boolean; record?: boolean }) => {
      const catalogue = await loadCatalogueOrThrow(opts.catalogue);
      const probe = catalogue.probes.find((p) => p.id === id);
      if (probe === undefined) throw validationError('probe.unknown', `no probe "${id}" in the catalogue`);
      const inbound = emailInboundOf(opts);
      const log = createJsonLogger(process.stderr, true);
      const store = opts.record ? await openStore(opts, { clock: systemClock, log }) : discard;
      // Unrecorded runs keep the email channel's pending state in a temporary directory: nothing resumes them later.
      const scratch = opts.record ? undefined : mkdtempSync(join(tmpdir(), 'kept-probe-'));
      const dataDir = scratch ?? opts.data;
      try {
        const channels = await openChannels(
          {
            log,
            clock: systemClock,
            dataDir,
            evidenceDir: join(opts.data, 'evidence'),
            ...(inbound === undefined ? {} : { email: { inbound } }),
          },
          [probe],
        );
        const judgements: Judgement[] = [];
        const runner = createProbeRunner({
          catalogue,
          channelFor: channels.channelFor,
          store,
          clock: systemClock,
          log,
          newId: () => uuid7(),
          listeners: [(_, judged) => judgements.push(...judged)],
        });
        // Ctrl-C stops a run that waits long (an email probe) cleanly: it is suspended and, recorded, resumes later.
        const stopping = new AbortController();
        if (channels.waitsLong(probe)) void untilSignal().then(() => stopping.abort());
        const observation = await runner.run(id, stopping.signal).finally(() => channels.closeAll());
        if (opts.json) {
          console.log(JSON.stringify(probeRunJson(observation, judgements), null, 2));
          return;
        }
        const t = observation.timings;
        const show = (ms: number | undefined): string => (ms === undefined ? '-' : formatDuration(ms));
        console.log(
          `${observation.probeId}: ${observation.outcome}${observation.reason ? ` (${observation.reason})` : ''}`,
        );
        console.log(`  first response ${show(t.firstResponseMs)}, human ${show(t.humanMs)}, total ${show(t.totalMs)}`);
        for (const line of emailLines(observation)) console.log(line);
        for (const finding of observation.findings ?? []) console.log(`  finding: ${finding}`);
        for (const j of judgements)
          console.log(`  claim ${j.claimId}: ${judgementResult(j).replace('-', ' ')}, ${j.reason}`);
        for (const line of observation.evidence.transcript ?? [])
          console.log(`  +${line.atMs}ms ${line.from}: ${line.text}`);
      } finally {
        await store.close();
        if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
      }
    },
  );
}
