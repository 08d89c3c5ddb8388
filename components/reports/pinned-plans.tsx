/**
 * Plans pinned into a report (the manager view, frozen when pinned): the savings sentence, the
 * monthly figures and the timeline. A report may hold several; each links to its live plan.
 */
import { PlanTimeline } from '@/components/planner/timeline';
import { fmtNum } from '@/lib/format';
import type { PlanBlock } from '@/lib/planner/block';
import s from './report.module.css';

const usd = (x: number) => `$${x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2)}`;

export function PinnedPlans({ blocks }: { blocks: readonly PlanBlock[] | undefined }) {
  if (!blocks?.length) return null;
  return (
    <>
      {blocks.map((b) => {
        const t = b.totals;
        const end = b.series.length
          ? b.series[b.series.length - 1].startS + (t.durationS - b.series[b.series.length - 1].startS)
          : t.durationS;
        return (
          <section
            key={b.planId}
            className={s.section}
            aria-labelledby={`plan-${b.planId}-h`}
            data-testid="report-plan"
          >
            <h2 id={`plan-${b.planId}-h`}>
              Plan: {b.title}
              {b.context.simulated && <span className="badge badge-sim ml-2">SIMULATED study</span>}
            </h2>
            <p className="text-lg" data-testid="report-plan-sentence">
              {b.sentence}
            </p>
            <p className={s.meta}>
              Per month at the trace&apos;s rate: {fmtNum(t.atTraceRate.perMonth.kwh)} kWh,{' '}
              {usd(t.atTraceRate.perMonth.cost)}, {fmtNum(t.atTraceRate.perMonth.tco2e)} tCO2e (baseline “
              {b.baselineName}”: {fmtNum(t.baselineAtTraceRate.perMonth.kwh)} kWh,{' '}
              {usd(t.baselineAtTraceRate.perMonth.cost)}). {b.context.model} on {b.context.gpu}, study “
              {b.context.studyName}”, workload {b.context.workloadName}
              {b.context.attribution ? ` (${b.context.attribution})` : ''}.{' '}
              {b.validation
                ? `Validated by replay${b.validation.simulated ? ' on the simulated device' : ''}: measured energy ${b.validation.errorPct >= 0 ? '+' : ''}${b.validation.errorPct.toFixed(1)}% vs predicted, SLOs ${b.validation.sloAttained ? 'attained' : 'NOT attained'}.`
                : 'Not validated by replay when pinned.'}{' '}
              <a href={`/plans/${b.planId}`}>Open the plan</a>
            </p>
            <PlanTimeline
              endS={end}
              baselineName={b.baselineName}
              points={b.series.map((p) => ({ ...p, gpus: p.instances }))}
            />
          </section>
        );
      })}
    </>
  );
}
