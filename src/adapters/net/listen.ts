/** What `listen` needs of a server: node's net/http servers and smtp-server's SMTPServer all fit. */
export interface Listenable {
  listen(port: number, host: string, callback: () => void): unknown;
  once(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
}

/** Starts `server` listening on host:port (port 0: a free one); rejects when it cannot (the port is taken). */
export function listen(server: Listenable, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
