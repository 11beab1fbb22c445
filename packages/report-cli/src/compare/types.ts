import type { Impact, ReportSource } from '../contracts/report-types.js';

export type FigureUnit = 'ms' | 'MB' | 'USD' | '%' | 'calls';

/** The figures `compare --fail-on-regression` gates (docs/aws.md, "compare"). */
export type GateId = 'cold-start' | 'p90' | 'monthly-cost';

export interface FigureRow {
  section: 'latency' | 'cold-start' | 'errors' | 'dynamodb' | 'external-apis' | 'memory' | 'cost';
  figure: string;
  unit: FigureUnit;
  before: number | null;
  after: number | null;
  /** after − before; null when either side is missing. */
  delta: number | null;
  /** delta as a percent of before; null when before is 0 or missing. */
  deltaPct: number | null;
  gate?: GateId;
}

export interface GateResult {
  id: GateId;
  figure: string;
  before: number | null;
  after: number | null;
  deltaPct: number | null;
  thresholdPct: number;
  status: 'pass' | 'fail' | 'not-comparable';
}

export interface MeasuredChange {
  figure: string;
  unit: FigureUnit;
  before: number | null;
  after: number | null;
  /** before − after: positive is an improvement (less time, memory, money, errors). */
  saved: number | null;
}

export interface RecommendationComparison {
  id: string;
  title: string;
  priority: Impact;
  estimatedSavingsMs: number | null;
  estimatedMonthlySavingsUsd: number | null;
  measured: MeasuredChange;
  /**
   * Why the measured change is not this recommendation's: a configuration change (architecture,
   * memory size) that the second report shows was not made. Absent when it may have been.
   */
  notApplied?: string;
  /** Whether the second report still makes the same recommendation. */
  stillRecommended: boolean;
}

export interface ReportSummary {
  label: string;
  function: string;
  generatedAt: string;
  source: ReportSource;
  invocations: number;
  coldStarts: number;
  from: string | null;
  to: string | null;
}

export interface Comparison {
  before: ReportSummary;
  after: ReportSummary;
  rows: FigureRow[];
  recommendations: RecommendationComparison[];
  /** Empty unless a threshold was given. */
  gates: GateResult[];
  notes: string[];
}
