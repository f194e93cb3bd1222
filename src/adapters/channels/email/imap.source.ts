import { ImapFlow } from 'imapflow';
import type { Clock, Logger } from '../../../app/ports.ts';
import { transientError } from '../../../domain/errors.ts';
import type { ImapOptions } from './email.options.ts';
import { ImapWatcher, imapClientOptions } from './imap.watcher.ts';
import type { ReplySource } from './reply-source.ts';

/**
 * Shares one IMAP watcher per mailbox among the runs reading it (a probe waiting hours should not hold its own
 * connection, nor poll the provider once per run). Watchers start with their first run and stop with their last.
 */
export interface ImapSources {
  open(options: ImapOptions): Promise<ReplySource>;
  closeAll(): Promise<void>;
}

function keyOf(options: ImapOptions): string {
  return JSON.stringify([options.host, options.port, options.user, options.mailbox, options.watch, options.pollMs]);
}

/** Searches the provider's sent folder, on a connection of its own, for the mail with `messageId`. */
async function sentFolderHas(options: ImapOptions, folder: string, messageId: string): Promise<number | undefined> {
  const client = new ImapFlow(imapClientOptions(options));
  try {
    await client.connect();
    await client.mailboxOpen(folder, { readOnly: true });
    const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
    if (uids === false || uids === undefined || uids.length === 0) return undefined;
    const found = await client.fetchOne(String(uids[0]), { internalDate: true }, { uid: true });
    const date = found === false ? undefined : found.internalDate;
    return date instanceof Date ? date.getTime() : undefined;
  } catch (error) {
    throw transientError(
      'email.imap-sent',
      `cannot search the sent folder "${folder}": ${(error as Error).message}`,
      error,
    );
  } finally {
    await client.logout().catch(() => client.close());
  }
}

export function createImapSources(clock: Clock, log: Logger): ImapSources {
  const watchers = new Map<string, { watcher: ImapWatcher; users: number; ready: Promise<void> }>();

  async function release(key: string): Promise<void> {
    const entry = watchers.get(key);
    if (entry === undefined) return;
    entry.users -= 1;
    if (entry.users > 0) return;
    watchers.delete(key);
    await entry.watcher.stop();
  }

  return {
    async open(options) {
      const key = keyOf(options);
      let entry = watchers.get(key);
      if (entry === undefined) {
        const watcher = new ImapWatcher(options, clock, log);
        entry = { watcher, users: 0, ready: watcher.start() };
        watchers.set(key, entry);
      }
      entry.users += 1;
      try {
        await entry.ready;
      } catch (error) {
        await release(key);
        throw error;
      }
      const { watcher } = entry;
      let closed = false;
      return {
        kind: 'imap',
        listen: (listener) => watcher.listen(listener),
        catchUp: (since) => watcher.catchUp(since),
        ...(options.sentFolder === undefined
          ? {}
          : { sentAt: (id: string) => sentFolderHas(options, options.sentFolder as string, id) }),
        problem: () => watcher.problem,
        close: async () => {
          if (closed) return;
          closed = true;
          await release(key);
        },
      };
    },
    async closeAll() {
      const all = [...watchers.values()];
      watchers.clear();
      await Promise.all(all.map((entry) => entry.watcher.stop()));
    },
  };
}
