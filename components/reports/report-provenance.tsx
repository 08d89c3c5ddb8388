/** Where the report's runs come from: simulated / measured / imported / demo counts and the largest sources. */
import type { Provenance, ReportData } from '@/lib/reports/types';
import { fmtDateTime } from '@/lib/reports/words';
import s from './report.module.css';

/** "12 measured, 300 imported, 16 simulated" (only the non-zero parts). */
export function provenanceWords(p: Provenance): string {
  const parts = [
    [p.measured, 'measured by Joulebench'],
    [p.imported, 'imported from benchmark files'],
    [p.demo, 'bundled demo data'],
    [p.simulated, 'SIMULATED'],
  ] as const;
  return (
    parts
      .filter(([n]) => n > 0)
      .map(([n, w]) => `${n} ${w}`)
      .join(', ') || 'no runs'
  );
}

const SHOWN_SOURCES = 10;

export function ProvenanceSection({ data }: { data: ReportData }) {
  const p = data.provenance;
  return (
    <section className={s.section} data-testid="report-provenance" aria-labelledby="prov-h">
      <h2 id="prov-h">Data provenance</h2>
      <p>
        {p.total} runs frozen on {fmtDateTime(data.snapshot.frozenAt)}: {p.simulated} simulated
        {p.simulated > 0 && (
          <>
            {' '}
            <span className="badge badge-sim">SIMULATED</span>
          </>
        )}
        , {p.measured} measured by Joulebench sweeps or posted by the harness, {p.imported} imported from benchmark
        files, {p.demo} from the bundled demo data.
        {data.snapshot.runsOmitted > 0 &&
          ` The view covered ${data.snapshot.runsOmitted} further runs not frozen here (the frontier and a sample are).`}
      </p>
      <div className={s.tableWrap}>
        <table className={s.table}>
          <thead>
            <tr>
              <th>Source</th>
              <th>Format</th>
              <th>File</th>
              <th className={s.num}>Runs</th>
              <th className={s.num}>Simulated</th>
            </tr>
          </thead>
          <tbody>
            {p.sources.slice(0, SHOWN_SOURCES).map((src, i) => (
              <tr key={i}>
                <td>{src.kind}</td>
                <td>{src.format ?? '—'}</td>
                <td className={s.wrap}>{src.file ?? '—'}</td>
                <td className={s.num}>{src.count}</td>
                <td className={s.num}>{src.simulated}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {p.sources.length > SHOWN_SOURCES && (
        <p className={s.meta}>
          {p.sources.length - SHOWN_SOURCES} smaller sources not listed (the JSON download has every run’s source).
        </p>
      )}
    </section>
  );
}
