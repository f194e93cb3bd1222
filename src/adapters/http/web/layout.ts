import { esc, htmlPage } from '../../reports/html-kit.ts';

/** A page of Kept's own web interface: the shared header with the service name and navigation. */
export function webPage(service: string, title: string, body: string): string {
  const nav = `<header class="top"><a class="brand" href="/">Kept</a><span>${esc(service)}</span>
<nav><a href="/">Claims</a> &nbsp; <a href="/signoff">Sign off copy</a> &nbsp; <a href="/signoffs">Sign-offs</a> &nbsp; <a href="/api/claims">API</a></nav></header>`;
  return htmlPage(`${title} · Kept`, body, nav);
}

export const when = (ms: number | null): string => (ms === null ? '-' : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')}Z`);
