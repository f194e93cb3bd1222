/** The platforms a collector can read (one adapter each, src/adapters/collectors/<platform>/). */
export type CollectorPlatform =
  | 'twilio-taskrouter'
  | 'amazon-connect'
  | 'genesys-cloud'
  | 'zendesk'
  | 'intercom'
  | 'freshdesk'
  | 'prometheus'
  | 'postgres'
  | 'http-json';

export const COLLECTOR_PLATFORMS: readonly CollectorPlatform[] = [
  'twilio-taskrouter',
  'amazon-connect',
  'genesys-cloud',
  'zendesk',
  'intercom',
  'freshdesk',
  'prometheus',
  'postgres',
  'http-json',
];

export interface CollectorSchedule {
  /** Five- or six-field cron expression (node-cron syntax), read in `timeZone`: when Kept reads the platform. */
  readonly cron: string;
  readonly timeZone: string;
  /** Each run starts after a random delay in [0, jitterMs). */
  readonly jitterMs: number;
  /**
   * The budget for reading one interval, every request and page of it together (each request gets what is left);
   * past it the read is abandoned as a `timeout` gap.
   */
  readonly timeoutMs: number;
}

/**
 * A collector: a scheduled job that reads what a contact-centre platform counted for every real customer, as counts
 * per interval (docs/architecture/collectors.md). `options` are the platform's own, parsed by its schema
 * (src/adapters/collectors/collector-factory.ts); its secrets were written as `${ENV}` references only, and are Secrets.
 */
export interface CollectorSpec<Options = Readonly<Record<string, unknown>>> {
  readonly id: string;
  readonly platform: CollectorPlatform;
  readonly schedule: CollectorSchedule;
  /** Length of the intervals counts are read for, aligned to UTC (1m, 5m or 15m: every zone's offset is whole quarters). */
  readonly intervalMs: number;
  /** How long after an interval ends before it is read (platform figures settle). */
  readonly lagMs: number;
  /** How far back a run may still read intervals it missed (Kept down, platform failing); older ones are gaps. */
  readonly catchUpMs: number;
  /** Ids of the claims the population's counts are judged against. */
  readonly verifies: readonly string[];
  readonly options: Options;
}
