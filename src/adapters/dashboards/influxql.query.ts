import type { Builder, Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import { INFLUXDB } from './provisioning.ts';

/**
 * A raw InfluxQL target for Grafana's InfluxDB datasource (InfluxQL mode). The foundation SDK ships builders for
 * Prometheus but none for InfluxDB, so this is the "custom query type" its README describes: the fields Grafana's
 * InfluxQuery model reads for a raw query (`query`, `rawQuery`, `resultFormat`, `alias`).
 */
export interface InfluxqlQuery extends Dataquery {
  refId?: string;
  hide?: boolean;
  datasource?: DataSourceRef;
  query: string;
  rawQuery: true;
  resultFormat: InfluxResultFormat;
  alias?: string;
}

export type InfluxResultFormat = 'time_series' | 'table';

export class InfluxqlQueryBuilder implements Builder<Dataquery> {
  private readonly internal: InfluxqlQuery;

  constructor(query: string) {
    this.internal = {
      datasource: INFLUXDB,
      query,
      rawQuery: true,
      resultFormat: 'time_series',
      _implementsDataqueryVariant() {},
    };
  }

  build(): InfluxqlQuery {
    return this.internal;
  }

  refId(refId: string): this {
    this.internal.refId = refId;
    return this;
  }

  resultFormat(format: InfluxResultFormat): this {
    this.internal.resultFormat = format;
    return this;
  }

  /** Series name in the legend; `$tag_claim` and `$col` work as in Grafana's query editor. */
  alias(alias: string): this {
    this.internal.alias = alias;
    return this;
  }
}
