/**
 * One workload: its source and attribution, the arrival rate over time, the input and output
 * length distributions, and the load buckets (how often the load is low, medium or high).
 */
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { requirePageReader } from '@/lib/auth/page';
import { AppError, NotFoundError, ValidationError } from '@/lib/errors';
import { fmtNum } from '@/lib/format';
import { fmtDateTime } from '@/lib/reports/words';
import { workloadDetail, type WorkloadDetail } from '@/lib/services/workloads';
import { LineChart } from '@/components/charts/line-chart';
import { HistogramChart } from '@/components/charts/histogram-chart';
import { Attribution } from '@/components/workloads/attribution';
import type { LengthStats } from '@/lib/workloads/stats';

export const dynamic = 'force-dynamic';

function load(ref: string): WorkloadDetail {
  try {
    return workloadDetail(getDb(), ref);
  } catch (e) {
    if (e instanceof NotFoundError || e instanceof ValidationError) notFound();
    throw e instanceof AppError ? new Error(e.message) : e;
  }
}

function LengthTable({ input, output }: { input: LengthStats | null; output: LengthStats | null }) {
  const cols: (keyof LengthStats)[] = ['min', 'mean', 'p50', 'p90', 'p99', 'max'];
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Request lengths">
      <table className="table" data-testid="length-stats">
        <thead>
          <tr>
            <th>Tokens</th>
            {cols.map((c) => (
              <th key={c} className="num">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(
            [
              ['Input', input],
              ['Output', output],
            ] as const
          ).map(([label, s]) => (
            <tr key={label}>
              <td>{label}</td>
              {cols.map((c) => (
                <td key={c} className="num">
                  {fmtNum(s?.[c])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RateChart(p: {
  w: WorkloadDetail;
  points: { x: number; y: number }[];
  minutes: boolean;
  width: number;
  testid: string;
}) {
  return (
    <LineChart
      testid={p.testid}
      title={`Requests per second, ${p.w.rateBinS} s intervals`}
      series={[{ name: 'rate', points: p.points, step: true }]}
      xLabel={p.minutes ? 'time (min)' : 'time (s)'}
      yLabel="req/s"
      showDots={false}
      width={p.width}
      height={p.width > 600 ? 280 : 260}
    />
  );
}

export default async function WorkloadPage({ params }: { params: Promise<{ ref: string }> }) {
  await requirePageReader();
  const raw = (await params).ref;
  let ref: string;
  try {
    ref = decodeURIComponent(raw);
  } catch {
    notFound();
  }
  const w = load(ref);
  const minutes = w.durationS >= 600;
  const t = (s: number) => (minutes ? s / 60 : s);
  const points = w.rate.map((b) => ({ x: t(b.startS), y: b.rateRps }));
  // Step chart: each interval's rate holds until the next one (and the last until its end).
  const last = w.rate[w.rate.length - 1];
  points.push({ x: t(last.startS + w.rateBinS), y: last.rateRps });
  return (
    <div className="stack">
      <p className="muted">
        <Link href="/workloads">Workloads</Link> / <code>{w.ref}</code>
      </p>
      <h1>
        {w.name} <span className="badge">{w.source}</span>
      </h1>
      {w.description && <p>{w.description}</p>}
      <Attribution a={w.attribution} />
      <section className="card">
        <dl className="kv" data-testid="workload-facts">
          <dt>Requests</dt>
          <dd>{w.requestCount.toLocaleString('en-US')}</dd>
          <dt>Duration</dt>
          <dd>{fmtNum(w.durationS / 60)} min</dd>
          <dt>Mean rate</dt>
          <dd>{fmtNum(w.meanRateRps)} req/s</dd>
          <dt>Peak rate</dt>
          <dd>
            {fmtNum(w.peakRateRps)} req/s (per {w.rateBinS} s)
          </dd>
          {w.startedAt && (
            <>
              <dt>Recorded from</dt>
              <dd>{fmtDateTime(w.startedAt)}</dd>
            </>
          )}
          {w.createdBy && (
            <>
              <dt>Added by</dt>
              <dd>
                {w.createdBy}
                {w.createdAt ? `, ${fmtDateTime(w.createdAt)}` : ''}
              </dd>
            </>
          )}
          <dt>Replay</dt>
          <dd>
            <code style={{ overflowWrap: 'anywhere' }}>
              joulebench measure --trace {w.ref.startsWith('builtin:') ? w.ref : 'FILE'} --speedup 10 …
            </code>
          </dd>
        </dl>
      </section>
      <section className="card">
        <h2>Arrival rate over time</h2>
        {/* A wide chart for desktops and a narrow one for phones: one SVG scaled to 390 px has unreadable text. */}
        <div className="hidden phone:block">
          <RateChart w={w} points={points} minutes={minutes} width={900} testid="rate-chart" />
        </div>
        <div className="phone:hidden">
          <RateChart w={w} points={points} minutes={minutes} width={420} testid="rate-chart-narrow" />
        </div>
      </section>
      <section className="card">
        <h2>Request lengths</h2>
        <div className="grid2">
          <HistogramChart
            testid="input-hist"
            title="Input (prompt) tokens"
            edges={w.input.histogram.edges}
            counts={w.input.histogram.counts}
            overflow={w.input.histogram.overflow}
            xLabel="input tokens"
          />
          <HistogramChart
            testid="output-hist"
            title="Output (generated) tokens"
            edges={w.output.histogram.edges}
            counts={w.output.histogram.counts}
            overflow={w.output.histogram.overflow}
            xLabel="output tokens"
            color="#0b6e4f"
          />
        </div>
        <LengthTable input={w.input.stats} output={w.output.stats} />
      </section>
      <section className="card">
        <h2>Load buckets</h2>
        <p className="muted">
          The {w.rate.length} intervals of {w.rateBinS} s split at the quartiles of their rate: how much of the time
          (and of the requests) the load is low or high. The planner chooses a configuration per level.
        </p>
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Load buckets">
          <table className="table" data-testid="load-buckets">
            <thead>
              <tr>
                <th>Level</th>
                <th className="num">Rate (req/s)</th>
                <th className="num">Mean rate</th>
                <th className="num">Intervals</th>
                <th className="num">Share of time</th>
                <th className="num">Share of requests</th>
              </tr>
            </thead>
            <tbody>
              {w.loadBuckets.map((b) => (
                <tr key={b.label}>
                  <td>{b.label}</td>
                  <td className="num">
                    {fmtNum(b.fromRps)}–{fmtNum(b.toRps)}
                  </td>
                  <td className="num">{fmtNum(b.meanRateRps)}</td>
                  <td className="num">{b.intervals}</td>
                  <td className="num">{fmtNum(b.shareOfTime * 100, 2)}%</td>
                  <td className="num">{fmtNum(b.shareOfRequests * 100, 2)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
