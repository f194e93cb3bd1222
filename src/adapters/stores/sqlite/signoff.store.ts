import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import Database from 'libsql';
import type { NewSignoffRecord, SignoffRecord, SignoffRecordStore } from '../../../app/signoff/signoff.types.ts';
import { fatalError } from '../../../domain/errors.ts';
import type { SignoffStatus } from '../../../domain/signoff/signoff-verdict.ts';
import { configure } from './sqlite.schema.ts';
import { storeError } from './sqlite.rows.ts';
import { inTransaction } from './sqlite.transaction.ts';

/**
 * Sign-off records in their own small SQLite file (`<data>/signoffs.db`), apart from the observations: approvals are
 * few, kept for good, and must survive the observation store being rebuilt. Versioned with `PRAGMA user_version`.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE signoffs (
     id                INTEGER PRIMARY KEY AUTOINCREMENT,
     part_id           TEXT    NOT NULL,
     channel           TEXT    NOT NULL,
     claim_text        TEXT    NOT NULL,
     status            TEXT    NOT NULL,
     approver          TEXT    NOT NULL,
     approved_at       INTEGER NOT NULL,
     digest            TEXT    NOT NULL,
     owner             TEXT    NOT NULL,
     matched_claim_id  TEXT,
     last_status       TEXT    NOT NULL,
     last_checked_at   INTEGER,
     body              TEXT    NOT NULL
   );
   CREATE INDEX signoffs_by_time ON signoffs (approved_at);`,
];

/** What the body column holds: the rest of the record, as JSON. */
type Body = Pick<NewSignoffRecord, 'sentence' | 'reasons' | 'sinceMs' | 'extracted' | 'claim'>;

type Row = [
  id: number,
  partId: string,
  channel: string,
  claimText: string,
  status: string,
  approver: string,
  approvedAt: number,
  digest: string,
  owner: string,
  matchedClaimId: string | null,
  lastStatus: string,
  lastCheckedAt: number | null,
  body: string,
];

const COLUMNS =
  'id, part_id, channel, claim_text, status, approver, approved_at, digest, owner, matched_claim_id, last_status, last_checked_at, body';

function decode(row: Row): SignoffRecord {
  const [
    id,
    partId,
    channel,
    claimText,
    status,
    approver,
    approvedAt,
    digest,
    owner,
    matchedClaimId,
    lastStatus,
    lastCheckedAt,
    body,
  ] = row;
  const rest = JSON.parse(body) as Body;
  return {
    id: String(id),
    partId,
    channel: channel as SignoffRecord['channel'],
    claimText,
    status: status as SignoffStatus,
    approver,
    approvedAt,
    digest,
    owner,
    matchedClaimId,
    lastStatus: lastStatus as SignoffStatus,
    lastCheckedAt,
    ...rest,
  };
}

class SqliteSignoffStore implements SignoffRecordStore {
  readonly #db: Database.Database;
  #open = true;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  #database(): Database.Database {
    if (!this.#open) throw fatalError('store.closed', 'sign-off store: used after close()');
    return this.#db;
  }

  async add(records: readonly NewSignoffRecord[]): Promise<SignoffRecord[]> {
    const db = this.#database();
    const insert = db.prepare(
      `INSERT INTO signoffs (part_id, channel, claim_text, status, approver, approved_at, digest, owner, matched_claim_id, last_status, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
    );
    try {
      return inTransaction(db, () =>
        records.map((r) => {
          const body: Body = {
            sentence: r.sentence,
            reasons: r.reasons,
            sinceMs: r.sinceMs,
            extracted: r.extracted,
            claim: r.claim,
          };
          const params = [
            r.partId,
            r.channel,
            r.claimText,
            r.status,
            r.approver,
            r.approvedAt,
            r.digest,
            r.owner,
            r.matchedClaimId,
            r.status,
            JSON.stringify(body),
          ];
          return decode(insert.raw().get(params) as Row);
        }),
      );
    } catch (error) {
      throw storeError('record a sign-off', error);
    }
  }

  async list(): Promise<SignoffRecord[]> {
    const rows = this.#database()
      .prepare(`SELECT ${COLUMNS} FROM signoffs ORDER BY approved_at DESC, id DESC`)
      .raw()
      .all([]) as Row[];
    return rows.map(decode);
  }

  async get(id: string): Promise<SignoffRecord | undefined> {
    if (!/^\d{1,15}$/.test(id)) return undefined;
    const row = this.#database()
      .prepare(`SELECT ${COLUMNS} FROM signoffs WHERE id = ?`)
      .raw()
      .get([Number(id)]) as Row | undefined;
    return row === undefined ? undefined : decode(row);
  }

  async setLastStatus(id: string, status: SignoffStatus, checkedAt: number): Promise<void> {
    try {
      this.#database()
        .prepare('UPDATE signoffs SET last_status = ?, last_checked_at = ? WHERE id = ?')
        .run([status, checkedAt, Number(id)]);
    } catch (error) {
      throw storeError('update a sign-off', error);
    }
  }

  async close(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    this.#db.close();
  }
}

/** Opens (creating if needed) the sign-off records at `path`; ':memory:' for tests. */
export async function openSignoffStore(path: string): Promise<SignoffRecordStore> {
  const memory = path === ':memory:';
  if (!memory) await mkdir(dirname(path), { recursive: true });
  let db: Database.Database | undefined;
  try {
    db = new Database(path);
    configure(db, memory);
    const version = (db.prepare('PRAGMA user_version').raw().get([]) as [number] | undefined)?.[0] ?? 0;
    if (version > MIGRATIONS.length)
      throw fatalError('store.schema-too-new', `${path} was written by a newer Kept (schema ${version}); upgrade Kept`);
    for (let v = version; v < MIGRATIONS.length; v++) {
      const database = db;
      inTransaction(database, () => {
        database.exec(MIGRATIONS[v] as string);
        database.exec(`PRAGMA user_version = ${v + 1}`);
      });
    }
    return new SqliteSignoffStore(db);
  } catch (error) {
    db?.close();
    throw storeError(`open ${path}`, error);
  }
}
