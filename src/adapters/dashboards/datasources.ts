import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';

/**
 * The two datasources every Kept dashboard reads, by fixed uid. The provisioning file
 * (dashboards/provisioning/datasources/kept.yaml, rendered by provisioning.ts) creates them with these uids, so the
 * dashboards need no datasource picker and a test checks that every uid a panel uses is provisioned.
 */
export const PROMETHEUS = { type: 'prometheus', uid: 'kept-prometheus' } as const satisfies DataSourceRef;
export const INFLUXDB = { type: 'influxdb', uid: 'kept-influxdb' } as const satisfies DataSourceRef;

/** The InfluxDB database the Influx store writes (`--influx-db`, default `kept`). */
export const INFLUX_DATABASE = 'kept';

/** Where the deployment examples (docs/deploy) run Prometheus and InfluxDB: on the Grafana host. */
export const DATASOURCE_URLS = {
  prometheus: 'http://127.0.0.1:9090',
  influxdb: 'http://127.0.0.1:8086',
} as const;

/**
 * Prometheus's scrape interval in docs/deploy/prometheus.yml. Grafana needs it (`timeInterval`) to size
 * `$__rate_interval` so that every rate() window holds at least four scrapes.
 */
export const SCRAPE_INTERVAL = '15s';
