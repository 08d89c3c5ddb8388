/**
 * Workloads: the built-in Azure traces and the uploaded / synthetic ones, with an upload form for
 * engineers. Each links to its page (rate over time, length distributions, load buckets).
 */
import Link from 'next/link';
import { getDb } from '@/db/client';
import { requirePageReader } from '@/lib/auth/page';
import { fmtNum } from '@/lib/format';
import { listAllWorkloads } from '@/lib/services/workloads';
import { WorkloadUploadForm } from '@/components/workloads/upload-form';
import { SyntheticWorkloadForm } from '@/components/workloads/synthetic-form';
import { uploadAccess } from '@/components/workloads/access';

export const dynamic = 'force-dynamic';

const fmtDuration = (s: number) =>
  s >= 3600 ? `${fmtNum(s / 3600, 2)} h` : s >= 120 ? `${fmtNum(s / 60, 2)} min` : `${fmtNum(s, 3)} s`;

export default async function WorkloadsPage() {
  const access = uploadAccess(await requirePageReader());
  const rows = listAllWorkloads(getDb());
  return (
    <div className="stack">
      <h1>Workloads</h1>
      <p className="muted">
        Request traces: when each request arrives and how long its prompt and answer are. Replay one with{' '}
        <code>joulebench measure --trace builtin:azure-conv-2023 --speedup 10</code>; the planner plans for one.
      </p>
      <div className="table-wrap">
        <table className="table" data-testid="workloads-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Source</th>
              <th className="num">Requests</th>
              <th className="num">Duration</th>
              <th className="num">Mean rate (req/s)</th>
              {/* On phones the long attribution made every row a screen tall: it is on each workload's page. */}
              <th className="hidden phone:table-cell">Attribution</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((w) => (
              <tr key={w.ref}>
                <td>
                  <Link href={`/workloads/${encodeURIComponent(w.ref)}`}>{w.name}</Link>
                  <div className="muted">
                    <code>{w.ref}</code>
                  </div>
                </td>
                <td>
                  <span className="badge">{w.source}</span>
                </td>
                <td className="num">{w.requestCount.toLocaleString('en-US')}</td>
                <td className="num">{fmtDuration(w.durationS)}</td>
                <td className="num">{fmtNum(w.meanRateRps)}</td>
                <td
                  className="muted hidden phone:table-cell"
                  style={{ minWidth: '16rem', maxWidth: '28rem', whiteSpace: 'normal' }}
                >
                  {w.attribution?.text ?? '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="card">
        <h2>Upload a trace</h2>
        <p className="muted">
          CSV with the columns <code>TIMESTAMP,ContextTokens,GeneratedTokens</code> (the Azure LLM inference trace
          format) or <code>atS,inputTokens,outputTokens</code>; up to 1,000,000 requests (32 MB).
        </p>
        {access === 'allowed' ? (
          <>
            <WorkloadUploadForm />
            <h2>Or create a synthetic workload</h2>
            <p className="muted">
              Poisson arrivals following a shape; (input, output) lengths resampled as pairs from a trace; the same seed
              gives the same requests.
            </p>
            <SyntheticWorkloadForm
              lengthSources={rows.filter((w) => w.source !== 'synthetic').map((w) => ({ ref: w.ref, name: w.name }))}
            />
          </>
        ) : access === 'login' ? (
          <p>
            <Link href="/login?next=%2Fworkloads">Log in to upload</Link> a trace.
          </p>
        ) : access === 'setup' ? (
          <p>
            Nobody can upload until the first admin account exists: create it on the{' '}
            <Link href="/setup">setup page</Link>, then log in to upload.
          </p>
        ) : (
          <p className="muted">Uploading a trace needs the engineer role.</p>
        )}
      </section>
    </div>
  );
}
