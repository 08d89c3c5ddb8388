/**
 * The plan's timeline: load, power (plan vs baseline) and the chosen configuration (SM clock, GPUs
 * in use) over the trace, as step charts sharing the time axis (a value holds for its interval).
 * Intervals at a predicted (unmeasured) clock are outlined in the SM clock chart.
 * Props only: renders on the plan page and in reports. Charts are 440 wide (two per row on wide
 * screens, one on phones, where a wider chart would shrink its text below legibility).
 */
import { LineChart, type LineSeries } from '@/components/charts/line-chart';

export type TimelinePoint = {
  startS: number;
  rateRps: number;
  powerW: number;
  baselinePowerW: number;
  smClockMhz: number;
  gpus: number;
  /** The clock is a predicted (fitted, unmeasured) one; absent in plans made before predictions. */
  predicted?: boolean;
};

/** The intervals at predicted clocks, as x ranges (min) of the SM clock chart. */
function predictedBands(points: readonly TimelinePoint[], endS: number) {
  return points.flatMap((p, i) =>
    p.predicted
      ? [{ x0: p.startS / 60, x1: (points[i + 1]?.startS ?? endS) / 60, label: `predicted clock ${p.smClockMhz} MHz` }]
      : [],
  );
}

function steps(points: readonly TimelinePoint[], endS: number, y: (p: TimelinePoint) => number) {
  const out = points.map((p) => ({ x: p.startS / 60, y: y(p) }));
  if (points.length) out.push({ x: endS / 60, y: y(points[points.length - 1]) });
  return out;
}

export function PlanTimeline({
  points,
  endS,
  baselineName,
}: {
  points: readonly TimelinePoint[];
  endS: number;
  baselineName: string;
}) {
  const series = (name: string, color: string, y: (p: TimelinePoint) => number, dashed = false): LineSeries => ({
    name,
    color,
    points: steps(points, endS, y),
    step: true,
    dashed,
  });
  const common = {
    xLabel: 'min',
    xTitle: 'Trace time (min)',
    width: 440,
    height: 190,
    showDots: false,
    compact: true,
  } as const;
  const bands = predictedBands(points, endS);
  return (
    <div className="grid gap-3 lg:grid-cols-2" data-testid="plan-timeline">
      <LineChart
        {...common}
        title="Load"
        yLabel="req/s"
        yTitle="Requests/s"
        series={[series('load', '#1d4ed8', (p) => p.rateRps)]}
      />
      <LineChart
        {...common}
        title={`Power: plan (solid) vs ${baselineName} (dashed)`}
        yLabel="W"
        yTitle="GPU power (W)"
        series={[
          series('plan', '#0b6e4f', (p) => p.powerW),
          series(baselineName, '#b42318', (p) => p.baselinePowerW, true),
        ]}
      />
      <LineChart
        {...common}
        title={bands.length ? 'Chosen SM clock (outlined: predicted)' : 'Chosen SM clock'}
        yLabel="MHz"
        yTitle="SM clock (MHz)"
        series={[series('SM clock', '#f58231', (p) => p.smClockMhz)]}
        bands={bands}
      />
      <LineChart
        {...common}
        title="GPUs in use (instances x TP)"
        yLabel="GPUs"
        yTitle="GPUs"
        series={[series('GPUs', '#7a2e98', (p) => p.gpus)]}
      />
    </div>
  );
}
