import Link from 'next/link';
import type { Overview } from '@/lib/overview';
import { OVERVIEW_SLO } from '@/lib/overview';
import { fmtNum } from '@/lib/format';
import { pctChange, shortModel } from '@/lib/overview/format';

type Optima = NonNullable<Overview['optima']>;

function configText(r: NonNullable<Optima['rows'][number]['run']>): string {
  const parts = [`${r.gpuCount} GPU${r.gpuCount === 1 ? '' : 's'}`];
  if (r.tp !== null && r.tp > 1) parts.push(`TP${r.tp}`);
  if (r.maxNumSeqs !== null) parts.push(`max_num_seqs ${r.maxNumSeqs}`);
  if (r.smClockMhz !== null) parts.push(`${r.smClockMhz} MHz`);
  if (r.powerLimitW !== null) parts.push(`${r.powerLimitW} W cap`);
  return parts.join(' · ');
}

/** Each model's (and GPU's) energy-optimal configuration under the overview SLO, with its latency. */
export function ModelOptimaTable({ optima }: { optima: Optima }) {
  return (
    <section className="card" data-testid="model-optima" aria-labelledby="optima-title">
      <h2 id="optima-title" style={{ marginTop: 0 }}>
        Energy-optimal configuration per model
      </h2>
      <p className="muted">
        {optima.studyName}: for each model on each GPU, the configuration with the lowest energy per output token whose
        p99 inter-token latency is at most {OVERVIEW_SLO.maxMs} ms. &ldquo;SLO cost&rdquo; compares it with the same
        model&apos;s lowest-energy configuration on the same GPU without the SLO.
      </p>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">model</th>
              <th scope="col">GPU</th>
              <th scope="col">configuration</th>
              <th scope="col" className="num">
                J / output token
              </th>
              <th scope="col" className="num">
                p99 ITL (ms)
              </th>
              <th scope="col" className="num">
                output tok/s
              </th>
              <th scope="col" className="num">
                SLO cost
              </th>
            </tr>
          </thead>
          <tbody>
            {optima.rows.map((o) => (
              <tr key={`${o.model}|${o.gpu}`} data-model={o.model} data-gpu={o.gpu} data-run-id={o.run?.id ?? ''}>
                <td>
                  <Link href={o.href} title={`${o.model} on ${o.gpu} in the explorer`}>
                    {shortModel(o.model)}
                  </Link>
                </td>
                <td>{o.gpu}</td>
                {o.run ? (
                  <>
                    <td>
                      <Link href={`/runs/${o.run.id}`}>{configText(o.run)}</Link>
                    </td>
                    <td className="num" data-col="energy">
                      {fmtNum(o.run.energy)}
                    </td>
                    <td className="num" data-col="itl">
                      {fmtNum(o.run.itlP99)}
                    </td>
                    <td className="num">{fmtNum(o.run.throughput)}</td>
                    <td className="num">{pctChange(o.run.energy / o.unconstrainedEnergy - 1)}</td>
                  </>
                ) : (
                  <td colSpan={5} className="muted">
                    none of its {o.runs} runs meets the SLO
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
