import { uncoveredLocations, type FleetStatus } from '../../app/fleet-status.ts';

/** A table: columns padded to their widest cell, two spaces apart. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [header, ...rows]
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** "03:12 UTC" for today, the date too otherwise. */
export function sinceText(at: number, now: number): string {
  const iso = new Date(at).toISOString();
  const sameDay = iso.slice(0, 10) === new Date(now).toISOString().slice(0, 10);
  return `${sameDay ? iso.slice(11, 16) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`} UTC`;
}

const ago = (at: number, now: number): string => `${Math.max(0, (now - at) / 1_000).toFixed(1)} s ago`;

/** `kept fleet status` for a person: the workers, the locations, and a line per location with no worker. */
export function fleetStatusText(queue: string, status: FleetStatus): string {
  const now = status.at;
  const workers =
    status.workers.length === 0
      ? 'No live worker.'
      : table(
          ['WORKER', 'LOCATION', 'CAPACITY', 'IN FLIGHT', 'VERSION', 'LAST SEEN'],
          status.workers.map((w) => [
            w.id,
            w.location,
            String(w.concurrency),
            String(w.inFlight),
            w.version,
            ago(w.lastSeen, now),
          ]),
        );
  const locations =
    status.locations.length === 0
      ? "No location: no probe queue in Redis (give -c to list the catalogue's locations)."
      : table(
          ['LOCATION', 'PROBES', 'WORKERS', 'CAPACITY', 'IN FLIGHT', 'WAITING', 'ACTIVE', 'DELAYED', 'FAILED', 'LAG'],
          status.locations.map((l) => [
            l.location,
            l.probed ? 'yes' : '-',
            String(l.liveWorkers),
            String(l.capacity),
            String(l.inFlight),
            String(l.waiting),
            String(l.active),
            String(l.delayed),
            String(l.failed),
            `${l.lagSeconds.toFixed(1)} s`,
          ]),
        );
  const alarms = uncoveredLocations(status).map((l) =>
    l.lastWorkerAt === undefined
      ? `NO WORKER in ${l.location}: none has been seen there (${l.waiting} runs waiting).`
      : `NO WORKER in ${l.location} since ${sinceText(l.lastWorkerAt, now)} (${l.waiting} runs waiting).`,
  );
  return [
    `Fleet on ${queue} at ${new Date(now).toISOString()}`,
    '',
    workers,
    '',
    locations,
    ...(alarms.length > 0 ? ['', ...alarms] : []),
  ].join('\n');
}
