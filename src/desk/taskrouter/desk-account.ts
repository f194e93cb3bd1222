import { randomBytes } from 'node:crypto';
import type { TaskRouterAccount } from './taskrouter.routes.ts';

/**
 * The desk's TaskRouter identifiers (fixed, so `probes/demo.yaml` can name them) and a fresh auth token per start
 * unless one is given. SIDs are two letters and 32 hex digits, as Twilio's are.
 */
export const DESK_TASKROUTER = {
  accountSid: 'AC000000000000000000000000000de5c0',
  workspaceSid: 'WS000000000000000000000000000de5c0',
  taskQueueSid: 'WQ000000000000000000000000000c4a70',
  taskChannelSid: 'TC000000000000000000000000000c4a70',
  taskChannel: 'chat',
} as const;

export function deskTaskRouterAccount(authToken?: string): TaskRouterAccount {
  return { ...DESK_TASKROUTER, authToken: authToken ?? randomBytes(16).toString('hex') };
}
