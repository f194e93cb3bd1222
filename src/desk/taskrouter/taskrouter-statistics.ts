import type { DeskTask } from './task-ledger.ts';

/**
 * TaskRouter v1 TaskQueue statistics over the desk's task ledger, in the shapes Twilio documents for
 * `GET /v1/Workspaces/{WorkspaceSid}/TaskQueues/{TaskQueueSid}/CumulativeStatistics` and `…/RealTimeStatistics`
 * (waits in whole seconds, times in ISO 8601). Pure: the routes give the tasks and the instant.
 */
export interface TaskQueueIdentity {
  readonly accountSid: string;
  readonly workspaceSid: string;
  readonly taskQueueSid: string;
  readonly taskChannelSid: string;
  readonly taskChannel: string;
  /** The public base the `url` fields name, e.g. http://127.0.0.1:PORT */
  readonly baseUrl: string;
}

export interface Durations {
  readonly avg: number;
  readonly min: number;
  readonly max: number;
  readonly total: number;
}

const seconds = (ms: number): number => Math.max(0, Math.round(ms / 1000));

function durations(waitsMs: readonly number[]): Durations {
  if (waitsMs.length === 0) return { avg: 0, min: 0, max: 0, total: 0 };
  const s = waitsMs.map(seconds);
  const total = s.reduce((a, b) => a + b, 0);
  return { avg: Math.round(total / s.length), min: Math.min(...s), max: Math.max(...s), total };
}

const within = (at: number | undefined, from: number, to: number): boolean => at !== undefined && at >= from && at < to;

/** Whether a task belongs to a TaskChannel filter (its unique name or its SID), or to no filter. */
export const onChannel = (task: DeskTask, identity: TaskQueueIdentity, filter: string | undefined): boolean =>
  filter === undefined ||
  (task.taskChannel === filter && identity.taskChannel === filter) ||
  (filter === identity.taskChannelSid && task.taskChannel === identity.taskChannel);

const queueUrl = (identity: TaskQueueIdentity): string =>
  `${identity.baseUrl}/v1/Workspaces/${identity.workspaceSid}/TaskQueues/${identity.taskQueueSid}`;

export interface CumulativeQuery {
  readonly fromMs: number;
  readonly toMs: number;
  /** Thresholds in seconds (`SplitByWaitTime`), or none. */
  readonly splitSeconds: readonly number[];
}

/**
 * The queue's cumulative statistics over [fromMs, toMs): tasks entered (handed over), reservations accepted (agents
 * answering), tasks canceled (customers leaving first), waits from the hand-over, and the split above and below each
 * threshold (`below`: a wait shorter than the threshold).
 */
export function cumulativeStatistics(
  identity: TaskQueueIdentity,
  tasks: readonly DeskTask[],
  query: CumulativeQuery,
): Record<string, unknown> {
  const { fromMs, toMs } = query;
  const accepted = tasks.filter((t) => within(t.acceptedAt, fromMs, toMs));
  const canceled = tasks.filter((t) => within(t.canceledAt, fromMs, toMs));
  const acceptedWaits = accepted.map((t) => (t.acceptedAt as number) - t.createdAt);
  const canceledWaits = canceled.map((t) => (t.canceledAt as number) - t.createdAt);
  const untilAccepted = durations(acceptedWaits);
  const split =
    query.splitSeconds.length === 0
      ? null
      : Object.fromEntries(
          query.splitSeconds.map((threshold) => {
            const below = (waitMs: number): boolean => waitMs < threshold * 1000;
            const acceptedBelow = acceptedWaits.filter(below).length;
            const canceledBelow = canceledWaits.filter(below).length;
            return [
              String(threshold),
              {
                above: {
                  reservations_accepted: accepted.length - acceptedBelow,
                  tasks_canceled: canceled.length - canceledBelow,
                },
                below: { reservations_accepted: acceptedBelow, tasks_canceled: canceledBelow },
              },
            ];
          }),
        );
  return {
    account_sid: identity.accountSid,
    workspace_sid: identity.workspaceSid,
    task_queue_sid: identity.taskQueueSid,
    start_time: new Date(fromMs).toISOString(),
    end_time: new Date(toMs).toISOString(),
    avg_task_acceptance_time: untilAccepted.avg,
    tasks_entered: tasks.filter((t) => within(t.createdAt, fromMs, toMs)).length,
    tasks_canceled: canceled.length,
    tasks_completed: tasks.filter((t) => within(t.completedAt, fromMs, toMs)).length,
    tasks_deleted: 0,
    tasks_moved: 0,
    reservations_created: accepted.length,
    reservations_accepted: accepted.length,
    reservations_rejected: 0,
    reservations_timed_out: 0,
    reservations_canceled: 0,
    reservations_rescinded: 0,
    wait_duration_until_accepted: untilAccepted,
    wait_duration_until_canceled: durations(canceledWaits),
    wait_duration_in_queue_until_accepted: untilAccepted,
    split_by_wait_time: split,
    url: `${queueUrl(identity)}/CumulativeStatistics`,
  };
}

/** The queue now: tasks by status, the longest waiting task's age in seconds, the agents available. */
export function realTimeStatistics(
  identity: TaskQueueIdentity,
  tasks: readonly DeskTask[],
  nowMs: number,
  agentsAvailable: number,
): Record<string, unknown> {
  const live = tasks.filter((t) => t.createdAt <= nowMs);
  const count = (status: DeskTask['status']): number => live.filter((t) => t.status === status).length;
  const pending = live.filter((t) => t.status === 'pending').sort((a, b) => a.createdAt - b.createdAt);
  const oldest = pending[0];
  const byStatus = {
    pending: pending.length,
    reserved: 0,
    assigned: count('assigned'),
    wrapping: 0,
    completed: count('completed'),
    canceled: count('canceled'),
  };
  const open = byStatus.pending + byStatus.assigned;
  return {
    account_sid: identity.accountSid,
    workspace_sid: identity.workspaceSid,
    task_queue_sid: identity.taskQueueSid,
    activity_statistics: [
      { sid: 'WA00000000000000000000000000000001', friendly_name: 'Available', workers: agentsAvailable },
      { sid: 'WA00000000000000000000000000000002', friendly_name: 'Offline', workers: 0 },
    ],
    longest_task_waiting_age: oldest === undefined ? 0 : seconds(nowMs - oldest.createdAt),
    longest_task_waiting_sid: oldest?.sid ?? null,
    longest_relative_task_age_in_queue: oldest === undefined ? 0 : seconds(nowMs - oldest.createdAt),
    longest_relative_task_sid_in_queue: oldest?.sid ?? null,
    tasks_by_priority: open === 0 ? {} : { '0': open },
    tasks_by_status: byStatus,
    total_available_workers: agentsAvailable,
    total_eligible_workers: agentsAvailable,
    total_tasks: open,
    url: `${queueUrl(identity)}/RealTimeStatistics`,
  };
}
