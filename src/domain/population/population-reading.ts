/**
 * What a contact-centre platform says real customers got, over one interval: the second witness beside Kept's own
 * probes (`docs/architecture/collectors.md`). Counts, not samples: a reading of 10,000 contacts is 10,000 trials.
 */
export interface PopulationReading {
  /** The collector (catalogue `collectors:` id) that read it. */
  readonly collectorId: string;
  /** The platform's queue (or the desk's own name for the population), e.g. a TaskQueue SID or a Connect queue id. */
  readonly queue: string;
  /** Task channel or media, when the platform splits by it (`voice`, `chat`, `email`). */
  readonly channel?: string;
  /** Interval the counts cover, epoch ms, [fromMs, toMs). */
  readonly fromMs: number;
  readonly toMs: number;
  /** Contacts that ended in the interval (answered plus abandoned), as the platform counts them. */
  readonly contacts: number;
  /**
   * Contacts answered within the promise's limit (`thresholdMs`), when the platform can split by it
   * (TaskRouter `split_by_wait_time`, Connect `SERVICE_LEVEL`). Absent when it cannot.
   */
  readonly withinPromise?: number;
  /** The limit `withinPromise` was counted at, ms. */
  readonly thresholdMs?: number;
  /**
   * The same split at more limits, when the claims a collector verifies promise different ones (one entry per
   * `CollectWindow.thresholdsMs` the platform can split by). `withinPromise`/`thresholdMs` is read as one more split.
   */
  readonly splits?: readonly WaitSplit[];
  /** Contacts that gave up before a person answered. They count against "a person answers". */
  readonly abandoned: number;
  /** Longest wait of any contact in the interval, ms (answered, abandoned or still waiting). */
  readonly longestWaitMs?: number;
  /** Average wait until answered, ms. */
  readonly averageWaitMs?: number;
  /** Which platform figure this came from, for evidence, e.g. `twilio.taskrouter.cumulative`. */
  readonly source: string;
  /**
   * What the platform's clock does not count, when known from its documentation, e.g. `ivr`, `bot` (TaskRouter
   * starts the task when the flow hands it over). Named in a discrepancy.
   */
  readonly uncounted?: readonly string[];
}

/** A collection that could not be trusted: never evidence for or against a claim, always a coverage gap. */
export interface PopulationGap {
  readonly collectorId: string;
  readonly fromMs: number;
  readonly toMs: number;
  /** `auth`, `rate-limited`, `server-error`, `schema-changed`, `unreachable`, `timeout`, `bad-config`. */
  readonly code: string;
  /** A plain sentence, with no secret in it. */
  readonly reason: string;
}

/** Contacts of one reading split at one wait limit. */
export interface WaitSplit {
  readonly thresholdMs: number;
  /** Answered within `thresholdMs` (TaskRouter `below.reservations_accepted`). */
  readonly answeredWithin: number;
  /**
   * Of the abandoned, those who gave up within `thresholdMs` (TaskRouter `below.tasks_canceled`), when known. Like a
   * probe that stopped waiting before the promise fell due, they are not counted for a promise with that limit;
   * without this figure every abandoned contact counts against it.
   */
  readonly abandonedWithin?: number;
}
