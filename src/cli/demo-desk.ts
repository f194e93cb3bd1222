import { createServer, type AddressInfo } from 'node:net';
import { chromiumMissing } from '../adapters/channels/browser-chat/browser.pool.ts';
import { listen } from '../adapters/net/listen.ts';
import type { Clock, Logger } from '../app/ports.ts';
import type { ProbeKind } from '../domain/channel.ts';
import { DEMO_STAFFING, startDesk } from '../desk/desk.ts';
import { startEmailFrontDoor } from '../desk/email/email-front-door.ts';
import { startPhoneFrontDoor } from '../desk/phone/phone-front-door.ts';
import { speechMissing } from '../desk/phone/voices.ts';
import { startWebChatFrontDoor } from '../desk/web-chat/web-chat.front-door.ts';

/** The demo desk's front doors, the environment `probes/demo.yaml` reads their addresses from, and what is missing. */
export interface RunningDemoDesk {
  /** KEPT_DESK_CHAT_URL, KEPT_DESK_WEB_CHAT_URL, KEPT_DESK_SIP_URI: what the demo catalogue interpolates. */
  readonly env: Readonly<Record<string, string>>;
  /** Probe kinds that cannot run on this machine, with the reason and the fix (their probes are left out). */
  readonly unavailable: ReadonlyMap<ProbeKind, string>;
  /** Where a person can reach the desk: chat API, support page, hotline, mailbox. */
  readonly urls: readonly string[];
  /** Kept's inbound SMTP endpoint the desk's mail replies go to (the customers' domain's MX): give it to the monitor. */
  readonly emailInbound: { readonly domains: readonly string[]; readonly host: string; readonly port: number };
  stop(): Promise<void>;
}

export interface DemoDeskOptions {
  readonly clock: Clock;
  /** The clock for the hotline and the web page: the replay's, capped to a pace calls and pages can keep up with. */
  readonly mediaClock: Clock;
  readonly host: string;
  readonly log: Logger;
}

/** The domain of the demo persona's address (probes/demo.yaml): its mail is delivered to Kept's inbound endpoint. */
const CUSTOMER_DOMAIN = 'customers.kept.invalid';

/** A port free right now on `host`, for Kept's inbound endpoint, which the desk must know before Kept starts. */
async function freePort(host: string): Promise<number> {
  const server = createServer();
  await listen(server, 0, host);
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts every front door of the simulated desk on the demo's staffing (humans Mon-Fri 08:00-20:00 UK time, the bot
 * alone otherwise): the chat API, the web page with its chat widget (needs Chromium for Kept's browser probe) and the
 * SIP hotline (speaks with espeak-ng), and the support mailbox, whose replies go to the port chosen for Kept's inbound
 * SMTP endpoint (`emailInbound`). A probe kind whose tool is missing here (Chromium for the browser probe, espeak-ng
 * for the hotline, which is then not started) is reported unavailable, so the demo still runs with what it has.
 */
export async function startDemoDesk(options: DemoDeskOptions): Promise<RunningDemoDesk> {
  const { clock, mediaClock, host, log } = options;
  const stops: (() => Promise<void>)[] = [];
  const env: Record<string, string> = {};
  const unavailable = new Map<ProbeKind, string>();
  const urls: string[] = [];
  const emailInbound = { domains: [CUSTOMER_DOMAIN], host, port: await freePort(host) };
  try {
    const chat = await startDesk({ clock, staffing: DEMO_STAFFING, host, port: 0, seed: 7 });
    stops.push(() => chat.stop());
    env.KEPT_DESK_CHAT_URL = chat.chatUrl;
    // The chat queue's TaskRouter-shaped statistics, read by the demo's twilio-taskrouter collector.
    env.KEPT_DESK_TASKROUTER_URL = chat.taskRouter.baseUrl;
    env.KEPT_DESK_TASKROUTER_TOKEN = chat.taskRouter.authToken;
    urls.push(chat.httpUrl);

    const web = await startWebChatFrontDoor({ clock: mediaClock, staffing: DEMO_STAFFING, host, port: 0, seed: 7 });
    stops.push(() => web.stop());
    env.KEPT_DESK_WEB_CHAT_URL = web.pageUrl;
    urls.push(web.pageUrl);
    const noBrowser = chromiumMissing();
    if (noBrowser !== undefined) unavailable.set('browser-chat', noBrowser);

    const noSpeech = speechMissing();
    if (noSpeech === undefined) {
      const phone = await startPhoneFrontDoor({
        clock: mediaClock,
        staffing: DEMO_STAFFING,
        host,
        port: 0,
        seed: 7,
        log,
      });
      stops.push(() => phone.stop());
      env.KEPT_DESK_SIP_URI = phone.sipUri;
      urls.push(phone.sipUri);
    } else {
      unavailable.set('sip', noSpeech);
      env.KEPT_DESK_SIP_URI = 'sip:support@desk.kept.invalid';
    }

    const mail = await startEmailFrontDoor({
      clock,
      staffing: DEMO_STAFFING,
      deliverTo: { host, port: emailInbound.port },
      host,
      port: 0,
      seed: 7,
      log,
    });
    stops.push(() => mail.stop());
    env.KEPT_DESK_EMAIL_ADDRESS = mail.address;
    env.KEPT_DESK_SMTP_PORT = String(mail.smtpPort);
    urls.push(`mailto:${mail.address} (SMTP ${mail.smtpHost}:${mail.smtpPort})`);
  } catch (error) {
    await Promise.allSettled(stops.map((stop) => stop()));
    throw error;
  }
  return {
    env,
    unavailable,
    urls,
    emailInbound,
    async stop() {
      await Promise.allSettled(stops.reverse().map((stop) => stop()));
    },
  };
}
