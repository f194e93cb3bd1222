/**
 * Secrets in URLs, hidden before a URL reaches an error message or a log line: the password in the userinfo
 * (`http://user:pass@host`, or a token alone before the `@`, as in `https://ghp_…@github.com`), and the values of
 * query or fragment parameters whose names say they are secret (`?token=`, `api_key`, `X-Amz-Signature`, `sig`, …).
 * Text only, no parsing: the rest of the URL stays exactly as written, and a URL too broken to parse is still cleaned.
 */

export const REDACTED = '<redacted>';

/** Words that make a parameter secret when its name is one of them or is made of them (`access_token`, `apiKey`). */
const SECRET_WORDS = new Set([
  'token',
  'key',
  'apikey',
  'secret',
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'sig',
  'signature',
  'auth',
  'authorization',
  'credential',
  'credentials',
  'session',
  'sessionid',
  'sid',
  'jwt',
  'bearer',
  'otp',
  'p',
]);

/** Whether a query parameter's value should be hidden, by its name: a secret word, or made of words with one. */
export function isSecretParam(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
  return words.length > 0 && (SECRET_WORDS.has(words.join('')) || words.some((w) => SECRET_WORDS.has(w) && w !== 'p'));
}

const USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)([^/?#\s@]*(?:@[^/?#\s@]*)*)@/gi;
const PARAM = /([?&#;])([^=&#;\s?"'<>]+)=([^&#;\s"'<>]*)/g;

function hideUserinfo(_match: string, scheme: string, userinfo: string): string {
  const colon = userinfo.indexOf(':');
  return colon < 0 ? `${scheme}${REDACTED}@` : `${scheme}${userinfo.slice(0, colon)}:${REDACTED}@`;
}

function hideParam(match: string, separator: string, name: string, value: string): string {
  return value !== '' && isSecretParam(name) ? `${separator}${name}=${REDACTED}` : match;
}

/** One URL with its userinfo password (or lone token) and secret parameters replaced by `<redacted>`. */
export function redactUrl(url: string): string {
  return redactUrls(url);
}

/**
 * Every URL in a piece of text (an error message, a log field) cleaned as `redactUrl` does, and secret parameters
 * that appear without a scheme (`/poll?token=…`) too.
 */
export function redactUrls(text: string): string {
  if (!text.includes('@') && !text.includes('=')) return text;
  return text.replace(USERINFO, hideUserinfo).replace(PARAM, hideParam);
}
