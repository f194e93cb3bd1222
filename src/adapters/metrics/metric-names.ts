/**
 * The golden catalogue of metric names. Alert rules (alerts/) and dashboards (dashboards/) may use only these;
 * test/adapters/metrics/metric-names.test.ts checks that they do.
 */
export const METRIC = {
  buildInfo: 'kept_build_info',
  probeRuns: 'kept_probe_runs_total',
  probeLastRun: 'kept_probe_last_run_timestamp_seconds',
  claimAttempts: 'kept_claim_attempts_total',
  responseSeconds: 'kept_response_seconds',
  coverageGapRuns: 'kept_coverage_gap_runs_total',
  claimVerdict: 'kept_claim_verdict',
  claimCompliance: 'kept_claim_compliance_ratio',
  claimCoverage: 'kept_claim_coverage_ratio',
  claimUnprobedSlots: 'kept_claim_unprobed_slots',
  claimSamples: 'kept_claim_samples',
  claimTarget: 'kept_claim_target_ratio',
  claimAbsolute: 'kept_claim_absolute',
  claimInForce: 'kept_claim_in_force',
  storeHealthy: 'kept_store_healthy',
  storeWriteFailures: 'kept_store_write_failures_total',
  storeHeld: 'kept_store_held_observations',
  storeDropped: 'kept_store_dropped_observations_total',
  probeLoopDelay: 'kept_probe_loop_delay_seconds',
  probeLateStart: 'kept_probe_late_start_seconds',
  observationsStarved: 'kept_observations_starved_total',
  populationVerdict: 'kept_claim_population_verdict',
  populationCompliance: 'kept_claim_population_compliance_ratio',
  populationContacts: 'kept_claim_population_contacts',
  populationLongestWait: 'kept_claim_population_longest_wait_seconds',
  witnessDiscrepancy: 'kept_claim_witness_discrepancy',
  fleetQueueUp: 'kept_fleet_queue_up',
  fleetQueueJobs: 'kept_fleet_queue_jobs',
  fleetJobLag: 'kept_fleet_job_lag_seconds',
  fleetWorkersLive: 'kept_fleet_workers_live',
  fleetWorkerCapacity: 'kept_fleet_worker_capacity',
  fleetAttemptsInFlight: 'kept_fleet_attempts_in_flight',
  fleetWorkerLastSeen: 'kept_fleet_worker_last_seen_timestamp_seconds',
  fleetWorkerless: 'kept_fleet_location_workerless_seconds',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];
