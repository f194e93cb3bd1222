import { ReduceDataOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import {
  MappingType, ThresholdsConfigBuilder, ThresholdsMode, type DataTransformerConfig, type DynamicConfigValue, type ValueMapping,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { hourOfWeekLabel } from '../../domain/calendar/zoned-time.ts';
import { PROMETHEUS } from './provisioning.ts';
import { InfluxqlQueryBuilder, type InfluxResultFormat } from './influxql.query.ts';
import { VERDICT_CODE } from './promql.ts';

/** Shared pieces of Kept's panels: query targets, value mappings, thresholds and transformations. */

export interface PromTargetOptions {
  readonly legend?: string;
  /** An instant query (stat, bar gauge, table): the latest value only. */
  readonly instant?: boolean;
  readonly format?: 'table' | 'heatmap';
}

export function prom(refId: string, expr: string, options: PromTargetOptions = {}): DataqueryBuilder {
  const target = new DataqueryBuilder().refId(refId).datasource(PROMETHEUS).expr(expr);
  if (options.legend !== undefined) target.legendFormat(options.legend);
  if (options.instant) target.instant();
  else target.range();
  if (options.format === 'table') target.format(PromQueryFormat.Table);
  if (options.format === 'heatmap') target.format(PromQueryFormat.Heatmap);
  return target;
}

export function influx(refId: string, query: string, format: InfluxResultFormat, alias?: string): InfluxqlQueryBuilder {
  const target = new InfluxqlQueryBuilder(query).refId(refId).resultFormat(format);
  return alias === undefined ? target : target.alias(alias);
}

/** The latest value of each series. */
export const lastValue = (): ReduceDataOptionsBuilder => new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false);

export function thresholds(base: string, ...steps: readonly (readonly [number, string])[]): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder()
    .mode(ThresholdsMode.Absolute)
    .steps([{ value: null, color: base }, ...steps.map(([value, color]) => ({ value, color }))]);
}

/** Verdict codes (promql.ts `verdictCode`) shown as words in the verdict's colour. */
export const VERDICT_MAPPINGS: ValueMapping[] = [{
  type: MappingType.ValueToText,
  options: {
    [VERDICT_CODE.kept]: { text: 'kept', color: 'green', index: 0 },
    [VERDICT_CODE.unproven]: { text: 'unproven', color: 'yellow', index: 1 },
    [VERDICT_CODE.broken]: { text: 'broken', color: 'red', index: 2 },
  },
}];

/** `kept_claim_in_force` as words. */
export const IN_FORCE_MAPPINGS: ValueMapping[] = [{
  type: MappingType.ValueToText,
  options: {
    0: { text: 'out of hours', color: 'transparent', index: 0 },
    1: { text: 'in force', color: 'blue', index: 1 },
  },
}];

/** `kept_claim_absolute` as words. */
export const ABSOLUTE_MAPPINGS: ValueMapping[] = [{
  type: MappingType.ValueToText,
  options: { 0: { text: 'no', index: 0 }, 1: { text: 'yes (24/7, every, always)', index: 1 } },
}];

/** Hour-of-week slots 0-167 as "Mon 09:00" (the claim's own time zone), the labels Kept's verdicts use. */
export function hourOfWeekMappings(): ValueMapping[] {
  const options: Record<string, { text: string; index: number }> = {};
  for (let slot = 0; slot < 168; slot += 1) options[String(slot)] = { text: hourOfWeekLabel(slot), index: slot };
  return [{ type: MappingType.ValueToText, options }];
}

/** Green at or above a share, amber just below, red far below: for compliance cells. */
export const complianceThresholds = (): ThresholdsConfigBuilder => thresholds('red', [0.9, 'orange'], [0.95, 'yellow'], [0.99, 'green']);

export const prop = (id: string, value: unknown): DynamicConfigValue => ({ id, value });

/** Grafana transformations used by the tables (ids and options as Grafana's transformers define them). */
export const transform = {
  /** Joins table-format queries on their common label columns into one table. */
  merge: (): DataTransformerConfig => ({ id: 'merge', options: {} }),
  organize: (rename: Record<string, string>, exclude: readonly string[] = ['Time'], order: readonly string[] = []): DataTransformerConfig => ({
    id: 'organize',
    options: {
      excludeByName: Object.fromEntries(exclude.map((name) => [name, true])),
      renameByName: rename,
      indexByName: Object.fromEntries(order.map((name, index) => [name, index])),
    },
  }),
  toNumber: (field: string): DataTransformerConfig => ({
    id: 'convertFieldType',
    options: { conversions: [{ targetField: field, destinationType: 'number' }], fields: {} },
  }),
  sortBy: (field: string, desc = false): DataTransformerConfig => ({ id: 'sortBy', options: { sort: [{ field, desc }] } }),
  /** Rows become `row` values, columns `column` values, cells `value`: the hour-of-week by claim grid. */
  matrix: (row: string, column: string, value: string): DataTransformerConfig => ({
    id: 'groupingToMatrix',
    options: { rowField: row, columnField: column, valueField: value, emptyValue: 'null' },
  }),
};
