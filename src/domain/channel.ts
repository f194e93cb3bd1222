/** The channels a customer meets, as claims name them. */
export type ClaimChannel = 'chat' | 'phone' | 'email';

/** The kinds of probe; each is one adapter behind the Channel port. */
export type ProbeKind = 'chat-api' | 'browser-chat' | 'sip' | 'email';

export const CLAIM_CHANNELS: readonly ClaimChannel[] = ['chat', 'phone', 'email'];
export const PROBE_KINDS: readonly ProbeKind[] = ['chat-api', 'browser-chat', 'sip', 'email'];

/** The claim channel a probe kind measures. */
export function channelOf(kind: ProbeKind): ClaimChannel {
  switch (kind) {
    case 'chat-api':
    case 'browser-chat':
      return 'chat';
    case 'sip':
      return 'phone';
    case 'email':
      return 'email';
  }
}
