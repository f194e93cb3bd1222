import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { freeSipPort, sippMissing, startSipp, type Sipp } from '../../../support/sipp.ts';

const missing = sippMissing();
if (missing !== undefined) console.warn(`skipping SIPp tests: ${missing}`);

/**
 * The harness itself (test/support/sipp.ts): SIPp binds its media port and, for video, the media port + 2. A port
 * taken by another process between the harness's choice and SIPp's bind kills SIPp's start (errno 98), as it once did
 * in CI; the harness starts it again on fresh ports.
 */
describe.skipIf(missing !== undefined)('starting SIPp on ports another process may take', () => {
  const running: Sipp[] = [];
  const sockets: Socket[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
    for (const socket of sockets.splice(0)) socket.close();
  });

  /** Binds a UDP socket on the port, held until the test ends; false when the port was not free. */
  const hold = (port: number): Promise<boolean> =>
    new Promise((bound) => {
      const socket = createSocket('udp4');
      socket.once('error', () => bound(false));
      socket.bind(port, '127.0.0.1', () => {
        sockets.push(socket);
        bound(true);
      });
    });

  it('starts again on fresh ports when its video RTP port (media + 2) is taken', async () => {
    let media = await freeSipPort();
    while (!(await hold(media + 2))) media = await freeSipPort();
    const sipp = await startSipp({ scenario: 'answer.xml', mediaPort: media });
    running.push(sipp);
    expect(sipp.attempt).toBe(2);
    expect(sipp.log()).not.toMatch(/errno = 98/);
  });

  it('starts once when its ports are free', async () => {
    const sipp = await startSipp({ scenario: 'answer.xml' });
    running.push(sipp);
    expect(sipp.attempt).toBe(1);
  });
});
