/** What a report freezes and what its pages render (client-safe: types only). */
import type { ExplorerView } from '@/lib/explore/types';
import type { SensitivityView } from '@/lib/explore/sensitivity';
import type { ViewState } from '@/lib/explore/state';
import type { RunRecord } from '@/lib/record/schema';
import type { ExploreKnob } from '@/lib/explore/knobs';
import type { UnitEnergy } from './business';
import type { ReportInputs } from './inputs';
import type { Story } from './story';
import type { PlanBlock } from '@/lib/planner/block';

export const SNAPSHOT_VERSION = 1;

/** A run record as frozen into a report: no trace / per-request series (bulky). */
export type SnapshotRun = Omit<RunRecord, 'trace' | 'requests'> & { id: number };

export interface ReportSnapshot {
  version: typeof SNAPSHOT_VERSION;
  /** When the data was frozen. */
  frozenAt: string;
  /** The explorer view exactly as computed at creation (frontier, recommendation, savings, sample). */
  explorer: ExplorerView;
  sensitivity: SensitivityView | null;
  runs: SnapshotRun[];
  /** Runs the view covered beyond the frozen table (large views keep frontier + sample only). */
  runsOmitted: number;
  /** Plans pinned into the report (lib/planner/block.ts), frozen when pinned. */
  plans?: PlanBlock[];
}

export interface Headline {
  objective: { key: string; label: string; unit: string; direction: 'lower' | 'higher' };
  recommended: {
    id: number;
    label: string;
    value: number;
    knobs: Record<string, number>;
    model: string;
    gpu: string;
    gpuCount: number;
    energy: UnitEnergy;
  } | null;
  /** meetsSlo: whether the baseline run meets the view's SLOs (null when the view has none). */
  baseline: {
    id: number;
    label: string;
    value: number;
    note: string | null;
    meetsSlo?: boolean | null;
    mode: string;
    energy: UnitEnergy;
  } | null;
  /** The plain-language sentence, its signed figure and tone (lib/reports/story.ts). */
  story: Story;
  /** Knobs that vary between the frozen runs (the ones worth naming), in catalogue order. */
  knobs: ExploreKnob[];
  /** Fraction saved vs baseline in the objective's own direction (0.25 = 25 % better). */
  savingsFraction: number | null;
  /** Per-token energy figures (only when the objective is energy per token). */
  perToken: null | {
    basis: 'output tokens' | 'tokens (input + output)';
    recommended: { j: number; kwh1m: number; gco2e1m: number; cost1m: number };
    baseline: { j: number; kwh1m: number; gco2e1m: number; cost1m: number } | null;
  };
  grid: number;
  price: number;
}

export interface Provenance {
  total: number;
  simulated: number;
  measured: number;
  imported: number;
  demo: number;
  sources: { kind: string; format: string | null; file: string | null; count: number; simulated: number }[];
}

export interface ReportData {
  id: number;
  title: string;
  notes: string;
  createdAt: string;
  createdByName: string;
  view: ViewState;
  /** Explorer URL query of the view (to reopen it live). */
  query: string;
  snapshot: ReportSnapshot;
  /** Business-unit inputs (stored, or the defaults when `inputsStored` is false). */
  inputs: ReportInputs;
  inputsStored: boolean;
  headline: Headline;
  provenance: Provenance;
}
