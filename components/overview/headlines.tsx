import Link from 'next/link';
import type { Overview } from '@/lib/overview';
import { KEEP_THROUGHPUT, OVERVIEW_SLO } from '@/lib/overview';
import { pct, pctChange, plural, shortModel } from '@/lib/overview/format';

/** The two or three findings of the overview, each a sentence and a link to the view that shows it. */
export function Headlines({ o }: { o: Overview }) {
  const { clock, optima } = o;
  const slo = `p99 inter-token latency ≤ ${OVERVIEW_SLO.maxMs} ms`;
  if (!clock && !optima?.price) return null;
  return (
    <section className="card" data-testid="headlines" aria-labelledby="headlines-title">
      <h2 id="headlines-title" style={{ marginTop: 0 }}>
        What the data says
      </h2>
      <ul className="stack" style={{ paddingLeft: '1.2rem', margin: 0 }}>
        {clock && (
          <li
            data-testid="headline-clock"
            data-low-mhz={clock.lowMhz}
            data-throughput-ratio={clock.throughputRatio}
            data-energy-ratio={clock.energyRatio}
          >
            {clock.simulated && <span className="badge badge-sim">simulated</span>}{' '}
            <strong>
              {clock.simulated ? 'Simulated ' : ''}
              {clock.gpu}, {shortModel(clock.model)}
              {clock.tp !== null ? `, TP${clock.tp}` : ''}:
            </strong>{' '}
            an SM clock of {clock.lowMhz.toLocaleString('en-US')} MHz instead of {clock.topMhz.toLocaleString('en-US')}{' '}
            MHz keeps <strong>{pct(clock.throughputRatio)}</strong> of the output throughput for{' '}
            <strong>{pct(clock.energyRatio)}</strong> of the energy per output token (median of{' '}
            {plural(clock.configurations, 'configuration')}
            {clock.powerLimitW !== null ? ` at the ${clock.powerLimitW} W power limit` : ''}; the lowest clock keeping ≥{' '}
            {pct(KEEP_THROUGHPUT)} of the throughput).{' '}
            <Link href={clock.href} data-testid="headline-clock-link">
              See it in the explorer
            </Link>
          </li>
        )}
        {optima?.price && (
          <li data-testid="headline-slo" data-median-extra={optima.price.medianExtra}>
            <strong>{optima.studyName}:</strong> meeting {slo} costs a median{' '}
            <strong>{pctChange(optima.price.medianExtra)}</strong> energy per output token over each model&apos;s best
            configuration on the same GPU without the SLO ({plural(optima.price.pairs, 'model/GPU pair')}; at most{' '}
            {pctChange(optima.price.maxExtra)}, {shortModel(optima.price.maxPair.model)} on {optima.price.maxPair.gpu}
            {optima.price.infeasible ? `; ${plural(optima.price.infeasible, 'pair')} cannot meet it` : ''}).{' '}
            <Link href={optima.priceHref} data-testid="headline-slo-link">
              See it in the explorer
            </Link>
          </li>
        )}
        {optima?.gpu && (
          <li data-testid="headline-gpu" data-energy-ratio={optima.gpu.energyRatio}>
            In the same study, <strong>{optima.gpu.better}</strong> needs a median{' '}
            <strong>{pct(optima.gpu.energyRatio)}</strong> of the {optima.gpu.worse}&apos;s energy per output token for
            the same model, each at its best configuration under the SLO ({plural(optima.gpu.models, 'model')} measured
            on both).{' '}
            <Link href={optima.gpu.href} data-testid="headline-gpu-link">
              See it in the explorer
            </Link>
          </li>
        )}
      </ul>
    </section>
  );
}
