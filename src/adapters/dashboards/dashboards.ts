import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { breachesDashboard } from './breaches.dashboard.ts';
import { coverageDashboard } from './coverage.dashboard.ts';
import { promiseVsDeliveryDashboard } from './promise-vs-delivery.dashboard.ts';
import { renderProvisioning, type RenderedFile } from './provisioning.ts';
import { responseTimesDashboard } from './response-times.dashboard.ts';
import { verdictsDashboard } from './verdicts.dashboard.ts';


/** Kept's Grafana dashboards, each built from code; `file` is where it lives under dashboards/. */
export const KEPT_DASHBOARDS: readonly { readonly file: string; readonly build: () => Dashboard }[] = [
  { file: 'kept-verdicts.json', build: verdictsDashboard },
  { file: 'kept-promise-vs-delivery.json', build: promiseVsDeliveryDashboard },
  { file: 'kept-response-times.json', build: responseTimesDashboard },
  { file: 'kept-breaches.json', build: breachesDashboard },
  { file: 'kept-coverage.json', build: coverageDashboard },
];

/** The dashboards as Grafana JSON: same bytes for the same code, so the committed files can be compared. */
export function renderDashboards(): RenderedFile[] {
  return KEPT_DASHBOARDS.map(({ file, build }) => ({ file, text: `${JSON.stringify(build(), null, 2)}\n` }));
}

/** Everything scripts/generate-dashboards.ts writes under dashboards/: the dashboards and the provisioning files. */
export function renderAll(): RenderedFile[] {
  return [...renderDashboards(), ...renderProvisioning()];
}
