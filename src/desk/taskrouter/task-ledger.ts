/**
 * The desk's TaskRouter-shaped record of its queue (docs/architecture/desk.md, "TaskRouter statistics"). Like
 * TaskRouter, a task is created when the flow in front of the queue (here the bot) hands the customer over: the
 * minutes a customer spends with the bot before that, or with no hand-over at all (the bot alone at night), are never
 * a task. A task is accepted when an agent answers, or canceled when the customer leaves before that.
 *
 * Written from Twilio's documented TaskRouter REST shapes, never from Kept's collector: the desk is the independent
 * peer the collector reads.
 */
export type TaskStatus = 'pending' | 'assigned' | 'completed' | 'canceled';

export interface DeskTask {
  /** WT + 32 hex digits. */
  readonly sid: string;
  readonly taskQueueSid: string;
  /** The TaskChannel's unique name (`chat`). */
  readonly taskChannel: string;
  /** The conversation the task stands for. */
  readonly conversationId: string;
  /** When the bot handed the customer over: TaskRouter's clock starts here. Desk clock, epoch ms. */
  readonly createdAt: number;
  status: TaskStatus;
  /** When an agent answered (the reservation was accepted). */
  acceptedAt?: number;
  /** When the customer left before an agent answered. */
  canceledAt?: number;
  /** When the conversation of an answered task ended. */
  completedAt?: number;
}

/** What the chat desk tells the ledger (a hook in `ChatDesk`): the hand-over, the answer, the customer leaving. */
export interface DeskTaskEvents {
  handedOver(conversationId: string, at: number): void;
  answered(conversationId: string, at: number): void;
  ended(conversationId: string, at: number): void;
}

const KEEP_TASKS = 50_000;

const hex32 = (n: number, salt: string): string => {
  const digits = `${salt}${n.toString(16)}`;
  return digits.padStart(32, '0').slice(-32);
};

export class TaskLedger implements DeskTaskEvents {
  readonly #tasks = new Map<string, DeskTask>();
  readonly #byConversation = new Map<string, DeskTask>();
  #count = 0;

  constructor(
    private readonly queue: { readonly taskQueueSid: string; readonly taskChannel: string },
    private readonly keep: number = KEEP_TASKS,
  ) {}

  handedOver(conversationId: string, at: number): void {
    if (this.#byConversation.has(conversationId)) return;
    this.#count += 1;
    const task: DeskTask = {
      sid: `WT${hex32(this.#count, 'feed')}`,
      taskQueueSid: this.queue.taskQueueSid,
      taskChannel: this.queue.taskChannel,
      conversationId,
      createdAt: at,
      status: 'pending',
    };
    this.#tasks.set(task.sid, task);
    this.#byConversation.set(conversationId, task);
    if (this.#tasks.size > this.keep) {
      const oldest = this.#tasks.values().next().value as DeskTask;
      this.#tasks.delete(oldest.sid);
      this.#byConversation.delete(oldest.conversationId);
    }
  }

  /** An agent answered. An answer before the hand-over (an agent quicker than the bot) creates the task then. */
  answered(conversationId: string, at: number): void {
    if (!this.#byConversation.has(conversationId)) this.handedOver(conversationId, at);
    const task = this.#byConversation.get(conversationId);
    if (task === undefined || task.status !== 'pending') return;
    task.status = 'assigned';
    task.acceptedAt = at;
  }

  /**
   * The conversation ended: a task still waiting is canceled, an answered one completed; a conversation the bot
   * never handed over was never a task.
   */
  ended(conversationId: string, at: number): void {
    const task = this.#byConversation.get(conversationId);
    if (task?.status === 'pending') {
      task.status = 'canceled';
      task.canceledAt = at;
    } else if (task?.status === 'assigned') {
      task.status = 'completed';
      task.completedAt = at;
    }
  }

  /** Every task kept, oldest first. */
  tasks(): readonly DeskTask[] {
    return [...this.#tasks.values()];
  }
}
