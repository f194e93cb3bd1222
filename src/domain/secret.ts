import { REDACTED } from './redact-url.ts';
export { REDACTED, redactUrl, redactUrls } from './redact-url.ts';

/**
 * A secret value (password, token, API key) that prints as `<redacted>` in logs, JSON and errors. Secrets inside a
 * URL that is echoed in a message are hidden by `redactUrl` / `redactUrls` (redact-url.ts).
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The only way to read the value: call it where it is sent, never where it is logged. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED;
  }
}
