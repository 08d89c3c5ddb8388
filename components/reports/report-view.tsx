/**
 * A frozen report as a reader sees it (server-rendered, props only), in reading order: title and
 * downloads, summary (plain-language headline), business units, the frontier chart, knob
 * sensitivity, the frontier runs and the best others (all runs behind "Show all"), notes and
 * provenance. Used by /reports/[id] (accounts) and /r/[token] (share links, no account).
 */
import type { ReactNode } from 'react';
import { FrontierChart, FrontierLegend } from '@/components/charts/frontier-chart';
import { categoryColor } from '@/components/charts/scale';
import { Sensitivity } from '@/components/explore/panels';
import type { ReportData } from '@/lib/reports/types';
import { fmtDateTime, sloPhrase } from '@/lib/reports/words';
import { BusinessPanel } from './business-panel';
import { ChartExport } from './chart-export';
import type { ExportContext, LegendItem } from './export-svg';
import { ReportNotes } from './markdown';
import { PinnedPlans } from './pinned-plans';
import { PrintButton } from './print-button';
import { ProvenanceSection, provenanceWords } from './report-provenance';
import { ReportHeadline } from './report-headline';
import { ReportRuns } from './report-runs';
import s from './report.module.css';
import './report-theme.css';

/** A CSS string literal of any text: every character but letters, digits and spaces hex-escaped. */
export function cssString(text: string): string {
  return `"${Array.from(text.slice(0, 120), (c) => (/[A-Za-z0-9 ]/.test(c) ? c : `\\${c.codePointAt(0)!.toString(16)} `)).join('')}"`;
}

/** Page footer of the printed report: its title and "Page n of N" (CSS paged media margin boxes). */
function PrintFooter({ title }: { title: string }) {
  const css = `@page { margin: 12mm 10mm 14mm; @bottom-left { content: ${cssString(title)}; font-size: 8pt; color: #555; } @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #555; } }`;
  return <style>{css}</style>;
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** What every exported chart carries besides its own marks. */
function exportContext(data: ReportData, what: string): ExportContext {
  const ev = data.snapshot.explorer;
  const runs = data.snapshot.runs;
  const models = uniq(runs.map((r) => r.model.id));
  const gpus = uniq(runs.map((r) => `${r.hardware.gpu_count}x ${r.hardware.gpu_model}`));
  const slo = ev.slo.map(sloPhrase).join(', ');
  return {
    title: data.title,
    context: [
      `${what}. ${models.length > 3 ? `${models.length} models` : models.join(', ')} on ${gpus.length > 4 ? `${gpus.length} GPU types` : gpus.join(', ')}${ev.studyName ? `; study “${ev.studyName}”` : ''}.`,
      `SLOs: ${slo || 'none'}. Data frozen ${fmtDateTime(data.snapshot.frozenAt)}. GPU energy only.`,
    ],
    legend: [],
    sloLabel: '',
    source: `Source: Joulebench report #${data.id} “${data.title}”, ${runs.length} runs (${provenanceWords(data.provenance)}).`,
  };
}

function frontierLegend(data: ReportData): LegendItem[] {
  const ev = data.snapshot.explorer;
  const items: LegendItem[] =
    ev.color.kind === 'category'
      ? ev.color.categories.map((c, i) => ({ label: c, color: categoryColor(i), shape: 'dot' as const }))
      : [];
  items.push({ label: 'Pareto frontier', color: '#0b6e4f', shape: 'line' });
  if (ev.frontierAll) items.push({ label: 'frontier without SLOs', color: '#9aa1ab', shape: 'dashed' });
  items.push({ label: 'recommended', color: '#1d4ed8', shape: 'ring' });
  if (ev.baseline.run) items.push({ label: 'baseline', color: '#b54708', shape: 'ring' });
  if (data.provenance.simulated > 0) items.push({ label: 'simulated (square)', color: '#7a2e98', shape: 'square' });
  items.push({ label: 'misses an SLO (grey)', color: '#c4c8cf', shape: 'dot' });
  return items;
}

function frontierSloLabel(data: ReportData): string {
  const ev = data.snapshot.explorer;
  const onAxes = ev.slo.filter((b) => b.metric === ev.axes.x.key || b.metric === ev.axes.y.key);
  if (!onAxes.length)
    return ev.slo.length
      ? `SLOs not on the axes (${ev.slo.map(sloPhrase).join(', ')}): runs missing them are grey.`
      : '';
  return `Shaded area: violates the SLO ${onAxes.map(sloPhrase).join(', ')}.`;
}

export function ReportView({
  data,
  exportBase,
  liveViewHref,
  canSaveInputs = false,
  top,
}: {
  data: ReportData;
  exportBase: string;
  liveViewHref?: string;
  canSaveInputs?: boolean;
  top?: ReactNode;
}) {
  const ev = data.snapshot.explorer;
  const h = data.headline;
  const sloText = ev.slo.map(sloPhrase).join(', ');
  const chartTitle = `${ev.axes.y.label} vs ${ev.axes.x.label}`;
  const frontierCtx: ExportContext = {
    ...exportContext(data, chartTitle),
    legend: frontierLegend(data),
    sloLabel: frontierSloLabel(data),
  };
  const sens = data.snapshot.sensitivity;
  return (
    <article className={s.report} data-testid="report">
      <PrintFooter title={data.title} />
      <header className="stack">
        <h1 data-testid="report-title" style={{ marginBottom: 0 }}>
          {data.title}
        </h1>
        <p className={s.meta} data-testid="report-meta">
          By {data.createdByName}, created {fmtDateTime(data.createdAt)}; data frozen{' '}
          {fmtDateTime(data.snapshot.frozenAt)}: {data.snapshot.runs.length} runs
          {ev.studyName ? ` from “${ev.studyName}”` : ''}. {sloText ? `SLOs: ${sloText}.` : 'No SLOs.'}
        </p>
        <div className={`${s.actions} no-print`} data-testid="report-downloads">
          <a className="btn btn-small" href={`${exportBase}?format=csv`} download>
            Download runs (CSV)
          </a>
          <a className="btn btn-small" href={`${exportBase}?format=json`} download>
            Download runs (JSON)
          </a>
          <PrintButton />
          {liveViewHref && (
            <a className="btn btn-small" href={liveViewHref}>
              Open this view live in the explorer
            </a>
          )}
        </div>
      </header>
      {top}

      <PinnedPlans blocks={data.snapshot.plans} />

      <ReportHeadline data={data} />

      <BusinessPanel
        reportId={data.id}
        inputs={data.inputs}
        stored={data.inputsStored}
        canSave={canSaveInputs}
        recommended={
          h.recommended && { label: `#${h.recommended.id} ${h.recommended.label}`, energy: h.recommended.energy }
        }
        baseline={
          h.baseline && h.baseline.id !== h.recommended?.id
            ? { label: `#${h.baseline.id} ${h.baseline.label}`, energy: h.baseline.energy }
            : null
        }
      />

      <section className={s.section} aria-labelledby="chart-h">
        <h2 id="chart-h">{chartTitle}</h2>
        <ChartExport name="frontier" context={frontierCtx}>
          <FrontierChart data={ev} title={chartTitle} />
          <FrontierLegend data={ev} />
        </ChartExport>
        <p className={s.meta}>
          {ev.counts.plotted} runs plotted, {ev.counts.frontier} on the frontier
          {ev.slo.length ? `, ${ev.counts.feasible} meet the SLOs` : ''}. Faded points are dominated.{' '}
          {frontierSloLabel(data)}
        </p>
      </section>

      {sens && (
        <section className={s.section} aria-labelledby="sens-h">
          <h2 id="sens-h">
            Knob sensitivity: {sens.metric.label} vs {sens.knob.label}
          </h2>
          <ChartExport
            name="sensitivity"
            context={exportContext(data, `Knob sensitivity: ${sens.metric.label} vs ${sens.knob.label}`)}
          >
            <Sensitivity sens={sens} />
          </ChartExport>
        </section>
      )}

      <ReportRuns data={data} exportBase={exportBase} />

      <section className={`${s.section} ${s.notes}`} aria-labelledby="notes-h">
        <h2 id="notes-h">Notes</h2>
        <ReportNotes markdown={data.notes} />
      </section>

      <ProvenanceSection data={data} />
    </article>
  );
}
