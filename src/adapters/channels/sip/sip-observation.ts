import type { Learnt } from '../../../domain/audio/call-learning.ts';
import { labelRuns, type RunLabel } from '../../../domain/audio/run-labels.ts';
import { formatDuration } from '../../../domain/duration.ts';
import type { Timings, TranscriptLine } from '../../../domain/observation.ts';
import { ivrLoop } from './ivr-runner.ts';
import type { AttemptRecord } from './sip-attempt.ts';
import type { SipOptions } from './sip.options.ts';

const round = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : Math.round(ms));
const MAX_RUNS = 60;

function transcriptLine(record: AttemptRecord, label: RunLabel): TranscriptLine {
  const atMs = Math.round(label.startMs);
  const seconds = formatDuration(label.endMs - label.startMs);
  if (label.person) {
    const confidence = record.human.status === 'human' ? record.human.confidence : 0;
    return { atMs, from: 'human', text: `a person speaking (${seconds}, confidence ${confidence})` };
  }
  if (label.sound === 'silence') return { atMs, from: 'system', text: `silence (${seconds})` };
  const known =
    label.libraryIds.length > 0
      ? `, recording ${label.libraryIds.join(', ')}`
      : label.source === 'recording'
        ? ', heard earlier on this call'
        : '';
  if (label.sound === 'speech') {
    const where = record.humanAfterMs !== undefined && label.startMs >= record.humanAfterMs ? 'announcement' : 'prompt';
    return { atMs, from: 'bot', text: `${where} (${seconds}${known})` };
  }
  return { atMs, from: 'system', text: `${label.sound} (${seconds}${known})` };
}

/** The transcript: what played (runs), what the probe pressed, in call time. */
export function transcriptOf(record: AttemptRecord): TranscriptLine[] {
  const lines: TranscriptLine[] = [];
  for (const label of labelRuns(record.audio, record.human).slice(0, MAX_RUNS))
    lines.push(transcriptLine(record, label));
  for (const press of record.ivr?.presses ?? [])
    lines.push({ atMs: press.atMs, from: 'customer', text: `pressed ${press.digits}` });
  for (const change of record.rtp?.sourceChanges ?? []) {
    if (change.from === undefined) continue;
    lines.push({
      atMs: change.atMs,
      from: 'system',
      text: `the audio source changed (RTP SSRC ${change.from} to ${change.ssrc})`,
    });
  }
  if (record.remoteHangupMs !== undefined)
    lines.push({ atMs: Math.round(record.remoteHangupMs), from: 'system', text: 'the line hung up' });
  return lines.sort((a, b) => a.atMs - b.atMs);
}

export function timingsOf(record: AttemptRecord): Timings {
  const { answerMs, audio, human } = record;
  const afterAnswer = answerMs === undefined ? [] : audio.runs.filter((run) => run.endMs > answerMs);
  const humanIndex = human.status === 'human' ? human.run.index : -1;
  const firstSound = afterAnswer[0];
  const firstMachine = afterAnswer.find((run) => run.index !== humanIndex && run.sound === 'speech');
  const timings: Timings = {
    totalMs: Math.round(record.endMs),
    ...(answerMs === undefined ? {} : { connectMs: Math.round(answerMs) }),
    ...(firstSound === undefined ? {} : { firstResponseMs: Math.round(Math.max(firstSound.startMs, answerMs ?? 0)) }),
    ...(firstMachine === undefined ? {} : { autoReplyMs: Math.round(Math.max(firstMachine.startMs, answerMs ?? 0)) }),
    ...(human.status === 'human' ? { humanMs: Math.round(human.startMs) } : {}),
  };
  return timings;
}

/** Findings: an IVR loop, a failed "press 0", a dropped call, a person found with low confidence. */
export function findingsOf(record: AttemptRecord, options: SipOptions): string[] {
  const findings: string[] = [];
  const loop = ivrLoop(record.audio, record.ivr?.presses ?? [], options.loopAfter);
  if (loop !== undefined) findings.push(loop);
  const escape = record.ivr?.escape;
  if (escape !== undefined && escape.result !== 'person' && escape.result !== 'queue') {
    const what: Record<string, string> = {
      'menu repeated': 'the menu played again',
      'another prompt': 'another prompt played, but no queue or person followed',
      nothing: `nothing happened within ${formatDuration(options.ivr.map((s) => ('escape' in s ? s.escape.within : 0)).find((ms) => ms > 0) ?? 0)}`,
      'hung up': 'the line hung up',
    };
    const noWay = escape.result === 'menu repeated' && loop === undefined ? 'no way forward: ' : '';
    findings.push(
      `${noWay}pressing ${escape.digits} for a person did not work: ${what[escape.result] ?? escape.result}`,
    );
  }
  if (record.remoteHangupMs !== undefined && record.human.status !== 'human' && record.answerMs !== undefined) {
    const waited = record.remoteHangupMs - (record.humanAfterMs ?? record.answerMs);
    findings.push(`dropped while waiting: the line hung up after ${formatDuration(waited)} without a person`);
  }
  if (record.human.status === 'human' && record.human.review) {
    findings.push(
      `needs review: a person was heard with confidence ${record.human.confidence} (${record.human.reasons.join('; ')})`,
    );
  }
  return findings;
}

export function detailsOf(
  record: AttemptRecord,
  extra: Record<string, unknown>,
  learnt: Learnt,
): Record<string, unknown> {
  const { audio, human } = record;
  const prompts = audio.runs
    .filter((run) => run.sound === 'speech' && (record.humanAfterMs === undefined || run.startMs < record.humanAfterMs))
    .map((run) => {
      const { libraryIds, repeats } = audio.evidenceOf(run);
      return { startMs: Math.round(run.startMs), endMs: Math.round(run.endMs), libraryIds, repeats };
    });
  const holdFrom = record.humanAfterMs;
  const holdTo = human.status === 'human' ? human.startMs : (record.remoteHangupMs ?? record.endMs);
  return {
    ...extra,
    callId: record.callId,
    responses: record.responses,
    sipTrace: record.trace,
    ...(record.firstProvisionalMs === undefined ? {} : { postDialDelayMs: round(record.firstProvisionalMs) }),
    ...(record.firstRingingMs === undefined || record.answerMs === undefined
      ? {}
      : { ringingMs: round(record.answerMs - record.firstRingingMs) }),
    ...(record.answerMs === undefined ? {} : { answerMs: round(record.answerMs) }),
    ...(record.codec === undefined ? {} : { codec: record.codec }),
    ...(record.invite.kind === 'cancelled' && record.invite.cancel !== undefined
      ? { cancel: record.invite.cancel }
      : {}),
    ...(record.ivr === undefined
      ? {}
      : {
          ivr: {
            steps: record.ivr.steps,
            presses: record.ivr.presses,
            ...(record.ivr.escape === undefined ? {} : { escape: record.ivr.escape }),
          },
        }),
    prompts,
    ...(holdFrom === undefined ? {} : { holdMs: Math.max(0, Math.round(holdTo - holdFrom)) }),
    ...(human.status === 'human'
      ? {
          human: {
            startMs: round(human.startMs),
            confidence: human.confidence,
            review: human.review,
            reasons: human.reasons,
          },
        }
      : {}),
    ...(record.remoteHangupMs === undefined ? {} : { remoteHangupMs: round(record.remoteHangupMs) }),
    audio: {
      runs: labelRuns(audio, human)
        .slice(0, MAX_RUNS)
        .map((label) => ({
          sound: label.sound,
          startMs: Math.round(label.startMs),
          endMs: Math.round(label.endMs),
          source: label.source,
          ...(label.person ? { person: true } : {}),
          ...(label.libraryIds.length > 0 ? { libraryIds: label.libraryIds } : {}),
        })),
      ...(record.rtp === undefined ? {} : { rtp: record.rtp }),
    },
    recordings: learnt,
    ...(record.audioCut === undefined
      ? {}
      : { truncated: [{ what: 'sip call audio analysed', unit: 'seconds', ...record.audioCut }] }),
  };
}
