/**
 * Runs the polling peer (polling-peer.ts) in a process of its own: `node --import tsx polling-peer.main.ts '<behaviour
 * JSON>'`. Prints `{"url": ...}`, then `{"reply": {conversation, type, delayMs}}` for each reply as it becomes visible.
 */
import { startPollingPeer, type PollingPeerBehaviour } from './polling-peer.ts';

const behaviour = JSON.parse(process.argv[2] ?? '{"delays":[]}') as PollingPeerBehaviour;
const say = (value: unknown): boolean => process.stdout.write(`${JSON.stringify(value)}\n`);
const peer = await startPollingPeer(behaviour, (reply) => say({ reply }));
say({ url: peer.url });
process.on('SIGTERM', () => void peer.stop().then(() => process.exit(0)));
