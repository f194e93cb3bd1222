/**
 * SIP over a byte stream (RFC 3261 §18.3): splits TCP data into whole messages by their Content-Length, skipping the
 * CRLF keep-alives (RFC 5626 §3.5.1) between them. Bytes in, UTF-8 text out; no I/O.
 */

const CRLFCRLF = [0x0d, 0x0a, 0x0d, 0x0a] as const;
const decoder = new TextDecoder();

function indexOfBlankLine(bytes: Uint8Array): number {
  for (let i = 0; i + 3 < bytes.length; i += 1) {
    if (
      bytes[i] === CRLFCRLF[0] &&
      bytes[i + 1] === CRLFCRLF[1] &&
      bytes[i + 2] === CRLFCRLF[2] &&
      bytes[i + 3] === CRLFCRLF[3]
    )
      return i;
  }
  return -1;
}

/** The largest SIP message read: as large as a UDP datagram can be; a message that says it is larger is refused. */
export const MAX_SIP_MESSAGE_BYTES = 65_536;

/** A peer sent (or announced) a message over the limit: the stream cannot be read on; close it. */
export class SipMessageTooLarge extends Error {
  readonly code = 'KEPT_SIP_TOO_LARGE';
  constructor(
    readonly limit: number,
    readonly seen: number,
  ) {
    super(`the SIP peer sent a message larger than ${limit} bytes (at least ${seen})`);
    this.name = 'SipMessageTooLarge';
  }
}

export class StreamFramer {
  #buffer = new Uint8Array(0);
  readonly #maxBytes: number;

  constructor(maxMessageBytes = MAX_SIP_MESSAGE_BYTES) {
    this.#maxBytes = maxMessageBytes;
  }

  /** Whole messages completed by `data`. Throws `SipMessageTooLarge` past the limit (buffer dropped: memory bounded). */
  push(data: Uint8Array): string[] {
    const joined = new Uint8Array(this.#buffer.length + data.length);
    joined.set(this.#buffer);
    joined.set(data, this.#buffer.length);
    this.#buffer = joined;
    const messages: string[] = [];
    for (;;) {
      let skip = 0;
      while (this.#buffer.length >= skip + 2 && this.#buffer[skip] === 0x0d && this.#buffer[skip + 1] === 0x0a)
        skip += 2;
      if (skip > 0) this.#buffer = this.#buffer.subarray(skip);
      const end = indexOfBlankLine(this.#buffer);
      if (end < 0) return this.#within(this.#buffer.length, messages);
      const head = decoder.decode(this.#buffer.subarray(0, end));
      const length = Number(/^(?:content-length|l)\s*:\s*(\d+)/im.exec(head)?.[1] ?? 0);
      const total = end + 4 + length;
      if (total > this.#maxBytes) return this.#within(total, messages);
      if (this.#buffer.length < total) return messages;
      messages.push(decoder.decode(this.#buffer.subarray(0, total)));
      this.#buffer = this.#buffer.subarray(total);
    }
  }

  /** Messages so far, unless `seen` bytes of one message are over the limit: then the buffer goes and it throws. */
  #within(seen: number, messages: string[]): string[] {
    if (seen <= this.#maxBytes) return messages;
    this.#buffer = new Uint8Array(0);
    throw new SipMessageTooLarge(this.#maxBytes, seen);
  }
}
