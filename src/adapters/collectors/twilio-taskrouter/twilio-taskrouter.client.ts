import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import type { CollectContext } from '../collector-gap.ts';
import { collectorHttp, type Fetched, fetchJson } from '../collector-http.ts';
import type { TwilioTaskRouterOptions } from './twilio-taskrouter.options.ts';

const count = z.number().int().nonnegative();
const seconds = z.number().nonnegative();
const durations = z.object({ avg: seconds, min: seconds, max: seconds, total: seconds });
const splitSide = z.object({ reservations_accepted: count, tasks_canceled: count });

/** TaskQueue CumulativeStatistics, the fields Kept reads (waits in seconds). */
export const cumulativeSchema = z.object({
  task_queue_sid: z.string(),
  start_time: z.string(),
  end_time: z.string(),
  reservations_accepted: count,
  tasks_canceled: count,
  tasks_entered: count,
  wait_duration_until_accepted: durations,
  wait_duration_until_canceled: durations,
  split_by_wait_time: z.record(z.string(), z.object({ above: splitSide, below: splitSide })).nullable(),
});
export type TaskQueueCumulative = z.output<typeof cumulativeSchema>;

/** TaskQueue RealTimeStatistics, the fields Kept reads. */
export const realTimeSchema = z.object({
  task_queue_sid: z.string(),
  longest_task_waiting_age: z.number().int(),
  tasks_by_status: z.record(z.string(), count),
  total_tasks: count,
});
export type TaskQueueRealTime = z.output<typeof realTimeSchema>;

/** TaskRouter v1's TaskQueue statistics over axios, Basic auth with the Account SID and auth token. */
export class TwilioTaskRouterClient {
  readonly #http: AxiosInstance;
  readonly #options: TwilioTaskRouterOptions;

  constructor(options: TwilioTaskRouterOptions) {
    this.#options = options;
    this.#http = collectorHttp({
      baseURL: `${options.baseUrl.replace(/\/$/, '')}/v1/Workspaces/${options.workspaceSid}/TaskQueues`,
      auth: { username: options.accountSid, password: options.authToken.reveal() },
    });
  }

  /** `GET …/TaskQueues/{Sid}/CumulativeStatistics` for [from, to), split at the given whole seconds. */
  cumulative(
    queueSid: string,
    splitSeconds: readonly number[],
    context: CollectContext,
    signal: AbortSignal,
  ): Promise<Fetched<TaskQueueCumulative>> {
    const params: Record<string, string> = {
      StartDate: new Date(context.window.fromMs).toISOString(),
      EndDate: new Date(context.window.toMs).toISOString(),
    };
    if (this.#options.taskChannel !== undefined) params.TaskChannel = this.#options.taskChannel;
    if (splitSeconds.length > 0) params.SplitByWaitTime = splitSeconds.join(',');
    return fetchJson(
      this.#http,
      { url: `/${queueSid}/CumulativeStatistics`, params, signal },
      cumulativeSchema,
      context,
      {
        what: `GET TaskQueues/${queueSid}/CumulativeStatistics`,
      },
    );
  }

  /** `GET …/TaskQueues/{Sid}/RealTimeStatistics`: what is waiting now. */
  realTime(queueSid: string, context: CollectContext, signal: AbortSignal): Promise<Fetched<TaskQueueRealTime>> {
    const params: Record<string, string> = {};
    if (this.#options.taskChannel !== undefined) params.TaskChannel = this.#options.taskChannel;
    return fetchJson(this.#http, { url: `/${queueSid}/RealTimeStatistics`, params, signal }, realTimeSchema, context, {
      what: `GET TaskQueues/${queueSid}/RealTimeStatistics`,
    });
  }
}
