import { z } from 'zod';
import { CLAIM_CHANNELS, PROBE_KINDS } from '../../domain/channel.ts';
import { formatDuration, parseDuration } from '../../domain/duration.ts';
import { shortestInterval } from '../../domain/schedule/cron-interval.ts';
import { isCron } from '../../domain/schedule/cron-expression.ts';
import {
  coded,
  cronSchema,
  DURATION_PATTERN,
  durationIssue,
  durationSchema,
  ID_PATTERN,
  idSchema,
  jitterFitsEveryMinute,
  jitterLimit,
  nameSchema,
  spanLimit,
  targetSchema,
  timeZoneSchema,
  urlSchema,
  waitLimit,
} from './fields.schema.ts';
import { collectorsSchema } from './collectors.schema.ts';
import { holidaysSchema, weeklyWindowSchema } from './hours.schema.ts';
import { unlessMissing } from './issue-messages.ts';
import { businessClockProblem, PROMISE_CLOCKS } from './promise-clock.ts';

/**
 * The `kept/v1` catalogue file format. This is the file's shape, not the domain: `catalogue.mapper.ts` turns a valid
 * file into domain objects. Refinements (time zones, cron, durations) give sentences; the JSON Schema for editors is
 * generated from this (`scripts/generate-schema.ts`).
 */

export const CATALOGUE_VERSION = 'kept/v1';

const DAY_MS = 86_400_000;
/** Any fixed instant: the shortest interval of a cron is read over the eight days from it (UTC is close enough). */
const INTERVAL_FROM = Date.UTC(2026, 0, 5);

/** Why a jitter is longer than the probe's shortest interval (a run would start after the next is due), if it is. */
function jitterBeyondInterval(cron: string, jitter: string | undefined): string | undefined {
  if (jitter === undefined || durationIssue(jitter, true, jitterLimit) !== undefined || !isCron(cron)) return undefined;
  const jitterMs = parseDuration(jitter);
  const fits = jitterMs === 0 || jitterFitsEveryMinute(cron, jitterMs);
  const interval = fits ? undefined : shortestInterval(cron, 'UTC', INTERVAL_FROM);
  if (interval === undefined || jitterMs <= interval) return undefined;
  return `jitter ${JSON.stringify(jitter)} is longer than the probe's interval: "${cron}" runs as often as every ${formatDuration(interval)}, so a run could start after the next one is due; give jitter ${formatDuration(interval)} or less`;
}

const serviceSchema = z
  .strictObject({
    name: nameSchema.describe('The service as customers know it, e.g. "Acme Telecom".'),
    timeZone: timeZoneSchema.describe("The service's IANA time zone; the default for claims and probe schedules."),
    holidays: holidaysSchema.optional().describe('Dated exceptions to weekly hours: closed all day, or reduced hours.'),
  })
  .describe('The service whose promises are checked. Declare it once across all files.');

const evaluationSchema = z
  .strictObject({
    window: durationSchema(
      false,
      spanLimit('window', 366 * DAY_MS, 'a verdict reads every observation and hourly rollup in it'),
    )
      .optional()
      .describe('How far back a verdict looks. Default "7d".'),
    coveragePeriod: durationSchema(
      false,
      spanLimit('coveragePeriod', 31 * DAY_MS, 'Kept plans every promised minute of it in advance'),
    )
      .optional()
      .describe('Period in which every in-force hour of the week must be probed. Default "7d".'),
    minSamples: z
      .int()
      .min(1)
      .optional()
      .describe('Fewest counted observations for a verdict other than unproven. Default 30.'),
  })
  .describe('How verdicts are reached. Optional; declare it at most once across all files.');

const hoursSchema = z
  .union(
    [
      z.literal('24/7'),
      z.strictObject({
        timeZone: timeZoneSchema.optional().describe("Time zone of the weekly hours. Default: the service's."),
        weekly: z.array(weeklyWindowSchema).min(1).describe('Opening windows in a week.'),
        holidays: z
          .enum(['closed', 'open'])
          .optional()
          .describe(
            '"closed" (default): the service holidays apply, with their reduced hours. "open": ignore holidays.',
          ),
      }),
    ],
    {
      error: unlessMissing(
        '"hours" must be 24/7, or a mapping with "weekly" opening windows (and optionally "timeZone" and "holidays")',
      ),
    },
  )
  .describe('When the claim is in force: 24/7 (every hour, holidays included) or weekly hours.');

const PROMISE_KEYS = ['answered', 'firstResponse', 'human', 'reply'] as const;

/** An attempt waits out what is promised (see issue 10: a timeout follows the promise), so a promise is a wait too. */
const promiseWait = (field: string) => waitLimit(field, 'an attempt must be able to wait that long to judge it');

const promiseSchema = z
  .strictObject({
    answered: z
      .literal(true, { error: '"answered" can only be true' })
      .optional()
      .describe('Every attempt is answered at all.'),
    firstResponse: durationSchema(false, promiseWait('firstResponse'))
      .optional()
      .describe('A first response of any kind (bot, auto-reply, person) within this duration.'),
    human: z
      .string()
      .superRefine((text, ctx) => {
        if (text === 'any') return;
        const issue = durationIssue(text, false, promiseWait('human'));
        if (issue?.code === 'duration.too-long') ctx.addIssue(coded(issue.code, issue.message));
        else if (issue !== undefined) {
          ctx.addIssue(
            coded(
              'duration.invalid',
              `${JSON.stringify(text)} is not a duration or "any"; write e.g. "2m", or "any" for a human at some point`,
            ),
          );
        }
      })
      .meta({ pattern: `^(any|\\s*${DURATION_PATTERN}\\s*)$` })
      .optional()
      .describe('A real person within this duration, or "any" for a person at some point.'),
    reply: durationSchema(false, promiseWait('reply'))
      .optional()
      .describe('A reply (e.g. to an email) within this duration.'),
    clock: z
      .enum(PROMISE_CLOCKS)
      .optional()
      .describe(
        'How the limit is counted. "elapsed" (default): wall-clock time. "business": in the claim\'s calendar (its weekly hours, ' +
          'time zone and holidays): hours and minutes of opening time ("4h": 4 business hours), or whole days to the close of ' +
          'the Nth business day ("1d": by the next working day).',
      ),
  })
  .superRefine((promise, ctx) => {
    const named = PROMISE_KEYS.filter((key) => promise[key] !== undefined);
    if (named.length === 0) {
      ctx.addIssue(coded('claim.promise', `"promise" names nothing; write one of ${PROMISE_KEYS.join(', ')}`));
    } else if (named.length > 1) {
      ctx.addIssue(
        coded(
          'claim.promise',
          `"promise" names ${named.join(' and ')}; a claim promises one thing, so split it into one claim each`,
        ),
      );
    }
    const problem =
      promise.clock === 'business'
        ? businessClockProblem(promise.firstResponse ?? promise.human ?? promise.reply)
        : undefined;
    if (problem !== undefined) ctx.addIssue({ ...coded('claim.clock', problem), path: ['clock'] });
  })
  .meta({
    minProperties: 1,
    maxProperties: 2,
    description:
      'What each attempt in force is promised: exactly one of answered, firstResponse, human, reply; and how its limit is counted (clock).',
  });

const claimSchema = z
  .strictObject({
    id: idSchema('chat-human-24-7').describe('Unique id of the claim: lower-case letters, digits and dashes.'),
    copy: nameSchema.describe('The claim as published, verbatim.'),
    publishedAt: z
      .union([nameSchema, z.array(nameSchema).min(1)], {
        error: unlessMissing('"publishedAt" must be where the claim is published: a URL or place, or a list of them'),
      })
      .describe('Where the claim is published: a URL or a place, or a list of them.'),
    owner: nameSchema.describe('Who answers for the claim, e.g. a team; routes send its breaches to receivers.'),
    channels: z
      .array(z.enum(CLAIM_CHANNELS))
      .min(1)
      .superRefine((channels, ctx) => {
        if (new Set(channels).size !== channels.length)
          ctx.addIssue(coded('claim.channels', '"channels" lists a channel twice'));
      })
      .describe('The channels the claim is about: chat, phone, email.'),
    hours: hoursSchema,
    promise: promiseSchema,
    target: targetSchema,
    minSamples: z
      .int()
      .min(1)
      .optional()
      .describe('Fewest counted observations for a verdict. Default: evaluation.minSamples.'),
  })
  .describe('A published promise about customer service.');

/** The most locations one probe may name (each is a queue, and a value of the metrics' `location` label). */
export const MAX_PROBE_LOCATIONS = 20;

const probeSchema = z
  .strictObject({
    id: idSchema('acme-chat-api').describe('Unique id of the probe: lower-case letters, digits and dashes.'),
    channel: z.enum(PROBE_KINDS).describe('How the probe reaches the service: chat-api, browser-chat, sip or email.'),
    target: nameSchema.describe('Where the probe goes: a URL, a SIP URI or an email address, as the channel reads it.'),
    schedule: z
      .strictObject({
        cron: cronSchema,
        timeZone: timeZoneSchema
          .optional()
          .describe("Time zone the cron expression is read in. Default: the service's."),
        jitter: durationSchema(true, jitterLimit)
          .optional()
          .describe(
            'Each run starts after a random delay up to this, at most 1h and the shortest interval of the cron. Default "0s".',
          ),
        timeout: durationSchema(false, waitLimit('timeout', 'a longer timer fires at once'))
          .optional()
          .describe(
            'Longest an attempt may take before it counts as unanswered, at most 24 days. Default: the longest promise of the claims it verifies plus 10% (at least 1m), or "5m" when none promises a time.',
          ),
        overlap: z
          .int({ error: '"overlap" takes a whole number of runs, from 1 to 10' })
          .min(1, { error: '"overlap" takes a whole number of runs, from 1 to 10' })
          .max(10, { error: '"overlap" takes a whole number of runs, from 1 to 10' })
          .optional()
          .describe(
            'How many runs may be in flight at once; a run due while this many are going is skipped. Default 1.',
          ),
      })
      .superRefine((schedule, ctx) => {
        const problem = jitterBeyondInterval(schedule.cron, schedule.jitter);
        if (problem !== undefined) ctx.addIssue({ ...coded('schedule.jitter', problem), path: ['jitter'] });
      })
      .describe('When the probe runs.'),
    verifies: z
      .array(z.string())
      .min(1, { error: '"verifies" lists no claim; a probe must verify at least one claim id' })
      .describe("Ids of the claims this probe's observations are judged against."),
    expectReachable: z
      .boolean({ error: '"expectReachable" takes true or false' })
      .optional()
      .describe(
        'The target is known to be right: failing to reach it is an outage from the first attempt. Default false: until the probe has reached its target once, attempts that cannot connect are "not yet reached: check the target" and do not page.',
      ),
    locations: z
      .array(
        z.string().regex(ID_PATTERN, {
          error: (iss) =>
            `${JSON.stringify(iss.input)} is not a location id; use lower-case letters, digits and dashes, such as "us-east"`,
        }),
      )
      .min(1, { error: '"locations" lists no location; name at least one, such as [uk], or leave the key out' })
      .max(MAX_PROBE_LOCATIONS, { error: `"locations" lists more than ${MAX_PROBE_LOCATIONS} locations` })
      .superRefine((locations, ctx) => {
        const at = locations.findIndex((l, i) => locations.indexOf(l) !== i);
        if (at >= 0)
          ctx.addIssue({
            ...coded('probe.locations', `"locations" lists ${JSON.stringify(locations[at])} twice`),
            path: [at],
          });
      })
      .optional()
      .describe(
        'Where the probe must run from, e.g. [uk, us-east]: each location has its own fleet queue and a run of every planned time. Lower-case letters, digits and dashes. Default: one location, "default". A single-machine kept run ignores it (one run per planned time).',
      ),
    options: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("The channel's own settings, checked by that channel."),
  })
  .describe('A synthetic customer that tries a channel on a schedule.');

const receiverSchema = z
  .strictObject({
    name: idSchema('oncall').describe('Unique name that routes refer to.'),
    kind: z.enum(['alertmanager', 'pagerduty', 'slack', 'webhook']).describe('Where alerts go.'),
    url: urlSchema.describe('The endpoint alerts are sent to.'),
    secret: nameSchema
      .optional()
      .describe('Routing key, token or signing secret; use ${VAR} to read it from the environment.'),
  })
  .describe('A place breaches are sent to.');

const routeSchema = z
  .strictObject({
    owner: nameSchema.describe('Claim owner whose breaches this route sends, or "*" for every owner.'),
    receivers: z.array(z.string()).min(1).describe('Names of receivers.'),
  })
  .describe("Sends breaches of one owner's claims to receivers.");

/** One catalogue file. Several files are merged: lists concatenate; service once in all; evaluation at most once. */
export const catalogueFileSchema = z
  .strictObject({
    version: z
      .literal(CATALOGUE_VERSION, {
        error: (iss) =>
          iss.input === undefined
            ? '"version" is missing; start the file with version: kept/v1'
            : `"version" must be "kept/v1", not ${JSON.stringify(iss.input)}`,
      })
      .describe('The file format: kept/v1.'),
    service: serviceSchema.optional(),
    evaluation: evaluationSchema.optional(),
    claims: z.array(claimSchema).optional().describe('Published promises.'),
    probes: z.array(probeSchema).optional().describe('Synthetic customers.'),
    collectors: collectorsSchema.optional(),
    receivers: z.array(receiverSchema).optional().describe('Places alerts are sent to.'),
    routes: z.array(routeSchema).optional().describe("Which owner's breaches go to which receivers."),
  })
  .meta({
    title: 'Kept catalogue (kept/v1)',
    description: 'Claims about customer service, the probes that check them, and where breaches are sent.',
  });

export type CatalogueFile = z.infer<typeof catalogueFileSchema>;
export type ClaimEntry = z.infer<typeof claimSchema>;
export type ProbeEntry = z.infer<typeof probeSchema>;
