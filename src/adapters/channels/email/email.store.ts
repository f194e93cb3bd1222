import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'libsql';
import { fatalError, transientError } from '../../../domain/errors.ts';
import type { Observation } from '../../../domain/observation.ts';

/**
 * The email channel's durable state (`<data>/email-pending.db`): every run from just before its mail is handed to
 * SMTP until its observation has been stored, and every mail the inbound SMTP endpoint accepted. A run is written
 * BEFORE sending (state `sending`), marked `sent` (or `unclear`) after, `finished` with its observation, and deleted
 * once the observation store has it (`acknowledge`). On start-up the runs still here are resumed, never re-sent.
 */
export type RunState = 'sending' | 'sent' | 'unclear' | 'finished';

/** What a resumed run needs besides the probe's options (which may hold secrets and are re-read from the catalogue). */
export interface RunFacts {
  readonly to: string;
  readonly from: string;
  readonly subject: string;
  readonly persona: string;
  readonly topicWords: readonly string[];
  readonly receive: 'imap' | 'inbound';
  readonly waitForHuman: boolean;
  readonly timeoutMs: number;
  readonly connectMs?: number;
  readonly smtpResponse?: string;
  readonly unclearReason?: string;
}

export interface EmailRun {
  readonly runId: string;
  readonly probeId: string;
  readonly token: string;
  readonly messageId: string;
  readonly state: RunState;
  /** Epoch ms the attempt started. */
  readonly startedAt: number;
  /** Epoch ms the SMTP server accepted the mail, once known. */
  readonly sentAt?: number;
  /** Epoch ms after which no reply is awaited. */
  readonly deadlineAt: number;
  readonly facts: RunFacts;
  readonly observation?: Observation;
}

export interface StoredMail {
  readonly seq: number;
  readonly receivedAt: number;
  readonly raw: Buffer;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS email_runs (
  run_id       TEXT    PRIMARY KEY,
  probe_id     TEXT    NOT NULL,
  token        TEXT    NOT NULL,
  message_id   TEXT    NOT NULL,
  state        TEXT    NOT NULL,
  started_at   INTEGER NOT NULL,
  sent_at      INTEGER,
  deadline_at  INTEGER NOT NULL,
  facts        TEXT    NOT NULL,
  observation  TEXT
);
CREATE TABLE IF NOT EXISTS email_inbox (
  seq            INTEGER PRIMARY KEY,
  received_at    INTEGER NOT NULL,
  envelope_from  TEXT    NOT NULL,
  envelope_to    TEXT    NOT NULL,
  raw            BLOB    NOT NULL
);
CREATE INDEX IF NOT EXISTS email_inbox_by_time ON email_inbox (received_at);
`;

type RunRow = [string, string, string, string, RunState, number, number | null, number, string, string | null];
const RUN_COLUMNS = 'run_id, probe_id, token, message_id, state, started_at, sent_at, deadline_at, facts, observation';

function runOf(row: RunRow): EmailRun {
  const [runId, probeId, token, messageId, state, startedAt, sentAt, deadlineAt, facts, observation] = row;
  return {
    runId,
    probeId,
    token,
    messageId,
    state,
    startedAt,
    ...(sentAt === null ? {} : { sentAt }),
    deadlineAt,
    facts: JSON.parse(facts) as RunFacts,
    ...(observation === null ? {} : { observation: JSON.parse(observation) as Observation }),
  };
}

export class EmailStore {
  readonly #db: Database.Database;
  #open = true;

  private constructor(db: Database.Database) {
    this.#db = db;
  }

  /** Opens (creating) the store at `path` (or ':memory:' in tests): WAL, synchronous FULL, so a commit survives a crash. */
  static open(path: string): EmailStore {
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      const db = new Database(path);
      if (path !== ':memory:') db.exec('PRAGMA journal_mode = WAL');
      db.exec('PRAGMA synchronous = FULL');
      db.exec('PRAGMA busy_timeout = 5000');
      db.exec(SCHEMA);
      return new EmailStore(db);
    } catch (error) {
      throw fatalError(
        'email.store-open',
        `cannot open the email channel's store ${path}: ${(error as Error).message}`,
        error,
      );
    }
  }

  #exec(what: string, action: () => unknown): unknown {
    if (!this.#open) throw fatalError('email.store-closed', 'the email store was used after close()');
    try {
      return action();
    } catch (error) {
      throw transientError('email.store', `email store: ${what}: ${(error as Error).message}`, error);
    }
  }

  /** Records a run about to send; throws if the run exists (a second send for one run must never happen). */
  insertSending(run: Omit<EmailRun, 'state' | 'sentAt' | 'observation'>): void {
    this.#exec('insert run', () =>
      this.#db
        .prepare(`INSERT INTO email_runs (${RUN_COLUMNS}) VALUES (?, ?, ?, ?, 'sending', ?, NULL, ?, ?, NULL)`)
        .run([
          run.runId,
          run.probeId,
          run.token,
          run.messageId,
          run.startedAt,
          run.deadlineAt,
          JSON.stringify(run.facts),
        ]),
    );
  }

  get(runId: string): EmailRun | undefined {
    const row = this.#exec('read run', () =>
      this.#db.prepare(`SELECT ${RUN_COLUMNS} FROM email_runs WHERE run_id = ?`).raw().get([runId]),
    );
    return row === undefined ? undefined : runOf(row as RunRow);
  }

  /** The mail left (state sent) or may have left (unclear); `facts` are merged. */
  markSent(
    runId: string,
    state: 'sent' | 'unclear',
    fields: { sentAt?: number; deadlineAt: number; facts: Partial<RunFacts> },
  ): void {
    const run = this.get(runId);
    if (run === undefined) throw fatalError('email.run-missing', `email run ${runId} is not in the store`);
    const facts = JSON.stringify({ ...run.facts, ...fields.facts });
    this.#exec('mark sent', () =>
      this.#db
        .prepare('UPDATE email_runs SET state = ?, sent_at = ?, deadline_at = ?, facts = ? WHERE run_id = ?')
        .run([state, fields.sentAt ?? null, fields.deadlineAt, facts, runId]),
    );
  }

  finish(runId: string, observation: Observation): void {
    this.#exec('finish run', () =>
      this.#db
        .prepare(`UPDATE email_runs SET state = 'finished', observation = ? WHERE run_id = ?`)
        .run([JSON.stringify(observation), runId]),
    );
  }

  /** The observation is in the observation store: forget the run. */
  acknowledge(runId: string): void {
    this.#exec('acknowledge run', () => this.#db.prepare('DELETE FROM email_runs WHERE run_id = ?').run([runId]));
  }

  runs(): EmailRun[] {
    const rows = this.#exec('list runs', () =>
      this.#db.prepare(`SELECT ${RUN_COLUMNS} FROM email_runs ORDER BY started_at`).raw().all([]),
    );
    return (rows as RunRow[]).map(runOf);
  }

  /** Keeps a mail the inbound endpoint accepted (before it answers 250). Returns its sequence number. */
  storeInbound(receivedAt: number, envelopeFrom: string, envelopeTo: readonly string[], raw: Buffer): number {
    const result = this.#exec('store inbound mail', () =>
      this.#db
        .prepare('INSERT INTO email_inbox (received_at, envelope_from, envelope_to, raw) VALUES (?, ?, ?, ?)')
        .run([receivedAt, envelopeFrom, envelopeTo.join(','), raw]),
    ) as { lastInsertRowid: number | bigint };
    return Number(result.lastInsertRowid);
  }

  /** Mails the inbound endpoint accepted at or after `since` (epoch ms), oldest first. */
  inboundSince(since: number): StoredMail[] {
    const rows = this.#exec('read inbound mail', () =>
      this.#db
        .prepare('SELECT seq, received_at, raw FROM email_inbox WHERE received_at >= ? ORDER BY seq')
        .raw()
        .all([since]),
    ) as [number, number, Uint8Array][];
    return rows.map(([seq, receivedAt, raw]) => ({ seq, receivedAt, raw: Buffer.from(raw) }));
  }

  /** Drops inbound mail older than `before` (epoch ms); returns how many. */
  pruneInbound(before: number): number {
    const result = this.#exec('prune inbound mail', () =>
      this.#db.prepare('DELETE FROM email_inbox WHERE received_at < ?').run([before]),
    );
    return (result as { changes: number }).changes;
  }

  close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#db.close();
  }
}
