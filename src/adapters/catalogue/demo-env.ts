/**
 * Addresses for loading probes/demo.yaml without a running desk (validation, rule generation, tests): the same
 * variables `kept demo` sets to its desk's real addresses. Nothing listens on them.
 */
export const DEMO_PLACEHOLDER_ENV: Readonly<Record<string, string>> = Object.freeze({
  KEPT_DESK_CHAT_URL: 'ws://127.0.0.1:9/chat',
  KEPT_DESK_WEB_CHAT_URL: 'http://127.0.0.1:9/',
  KEPT_DESK_SIP_URI: 'sip:support@127.0.0.1:9',
  KEPT_DESK_EMAIL_ADDRESS: 'support@desk.kept.invalid',
  KEPT_DESK_SMTP_PORT: '9',
  KEPT_DESK_TASKROUTER_URL: 'http://127.0.0.1:9',
  KEPT_DESK_TASKROUTER_TOKEN: 'placeholder-token',
});
