import { ImportClient } from '@/components/import/import-client';
import { IMPORTERS } from '@/lib/importers';
import { WriteGate } from '@/components/auth/write-gate';

export const dynamic = 'force-dynamic';

export default async function ImportPage() {
  const formats = IMPORTERS.map((i) => ({ id: i.id, label: i.label }));
  return (
    <div className="page stack">
      <h1>Import results</h1>
      <p className="muted">
        Drop result files from vLLM, SGLang, GenAI-Perf, AIPerf, LLMPerf, ML.ENERGY, MLPerf (summary + detail + spl.txt
        together), optimum-benchmark, CodeCarbon or Joulebench exports. Formats are detected from content. Nothing is
        written until you commit; a batch can be undone.
      </p>
      <WriteGate role="engineer" action="import results">
        <ImportClient formats={formats} />
      </WriteGate>
    </div>
  );
}
