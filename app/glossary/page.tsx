import { METRICS } from '@/lib/metrics/catalogue';

// Per request: the header shows who is signed in (a static page would freeze it at build time).
export const dynamic = 'force-dynamic';

/** The metric catalogue as a glossary (same text as docs/metrics.md and the UI tooltips). */
export default function GlossaryPage() {
  const groups = ['energy', 'throughput', 'latency', 'run'] as const;
  return (
    <>
      <h1>Metric glossary</h1>
      <p className="muted">
        Every metric Joulebench stores, with its unit, which direction is better, and how it is derived when a source
        does not report it. Missing values stay missing; they are never treated as 0.
      </p>
      {groups.map((g) => (
        <section className="card" key={g}>
          <h2 style={{ textTransform: 'capitalize' }}>{g}</h2>
          {/* Between phone and desktop widths the table scrolls sideways (globals.css): a focusable
              region, so a keyboard can scroll it. On a phone each metric is a block of its own. */}
          <div className="table-wrap" tabIndex={0} role="region" aria-label={`${g} metrics`}>
            <table className="table glossary" data-testid={`glossary-${g}`}>
              <thead>
                <tr>
                  <th>metric</th>
                  <th>key</th>
                  <th>unit</th>
                  <th>better</th>
                  <th className="glossary-definition">definition</th>
                </tr>
              </thead>
              <tbody>
                {METRICS.filter((m) => m.group === g).map((m) => (
                  <tr key={m.key} id={m.key}>
                    <td className="glossary-metric">{m.label}</td>
                    <td>
                      <code>{m.key}</code>
                    </td>
                    {/* data-label: the column's name, shown before the value where the header row is hidden. */}
                    <td className="glossary-fact" data-label="unit">
                      {m.unit}
                    </td>
                    <td className="glossary-fact" data-label="better">
                      {m.direction}
                    </td>
                    <td className="glossary-definition">
                      {m.definition}
                      {m.derivation && <div className="muted">Derived as: {m.derivation}</div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}
