/**
 * The subset of OpenSLO v1 (github.com/OpenSLO/OpenSLO, README "Specification") that `kept export openslo` writes.
 * Kept's own JSON Schema for it is test/fixtures/openslo/openslo-v1.schema.json.
 */

export interface OpenSloMetadata {
  /** RFC 1123 label: at most 63 lowercase alphanumerics or `-`, starting and ending with an alphanumeric. */
  readonly name: string;
  readonly displayName?: string;
  readonly labels?: Readonly<Record<string, string | readonly string[]>>;
  /** Implementation metadata; Kept's keys are `kept.dev/<name>`. */
  readonly annotations?: Readonly<Record<string, string>>;
}

interface Document<Kind extends string, Spec> {
  readonly apiVersion: 'openslo/v1';
  readonly kind: Kind;
  readonly metadata: OpenSloMetadata;
  readonly spec: Spec;
}

export interface MetricSource {
  readonly type: string;
  readonly spec: Readonly<Record<string, unknown>>;
}

export type ServiceDocument = Document<'Service', { readonly description?: string }>;

export type SliDocument = Document<
  'SLI',
  {
    readonly description?: string;
    readonly ratioMetric: {
      readonly counter: boolean;
      readonly good: { readonly metricSource: MetricSource };
      readonly total: { readonly metricSource: MetricSource };
    };
  }
>;

export interface BurnRateCondition {
  readonly kind: 'AlertCondition';
  readonly metadata: OpenSloMetadata;
  readonly spec: {
    readonly description?: string;
    readonly severity: string;
    readonly condition: {
      readonly kind: 'burnrate';
      readonly threshold: number;
      readonly lookbackWindow: string;
      readonly alertAfter: string;
    };
  };
}

export type AlertPolicyDocument = Document<
  'AlertPolicy',
  {
    readonly description?: string;
    readonly alertWhenNoData: boolean;
    readonly alertWhenResolved: boolean;
    readonly alertWhenBreaching: boolean;
    readonly conditions: readonly [BurnRateCondition];
    readonly notificationTargets: readonly { readonly targetRef: string }[];
  }
>;

export type AlertNotificationTargetDocument = Document<
  'AlertNotificationTarget',
  { readonly target: string; readonly description?: string }
>;

export type SloDocument = Document<
  'SLO',
  {
    readonly description?: string;
    readonly service: string;
    readonly indicatorRef: string;
    readonly timeWindow: readonly [{ readonly duration: string; readonly isRolling: true }];
    readonly budgetingMethod: 'Occurrences';
    readonly objectives: readonly { readonly displayName: string; readonly target: number }[];
    readonly alertPolicies?: readonly { readonly alertPolicyRef: string }[];
  }
>;

export type OpenSloDocument =
  ServiceDocument | SliDocument | AlertPolicyDocument | AlertNotificationTargetDocument | SloDocument;
