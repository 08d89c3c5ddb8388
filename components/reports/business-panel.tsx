'use client';
/**
 * What the recommendation means in the units managers budget in: kWh, energy cost and tCO2e per
 * month and per year at the report's traffic, price, grid intensity and scope (GPU energy only,
 * or × PUE). The inputs are stored with the report; a reader may try other numbers here (not
 * saved), the owner can save them. The formula, with the numbers filled in, is one click away.
 */
import { useState } from 'react';
import { fmtNum } from '@/lib/format';
import {
  DAYS_PER_MONTH,
  difference,
  J_PER_KWH,
  project,
  type PeriodFigures,
  type Projection,
  type UnitEnergy,
} from '@/lib/reports/business';
import { reportInputsSchema, TRAFFIC_UNIT_WORDS, type ReportInputs } from '@/lib/reports/inputs';
import { countWords } from '@/lib/reports/words';
import { apiFetch, errorMessage } from '@/lib/client/api';
import s from './report.module.css';

export interface BusinessPanelProps {
  reportId: number;
  inputs: ReportInputs;
  stored: boolean;
  canSave: boolean;
  recommended: { label: string; energy: UnitEnergy } | null;
  baseline: { label: string; energy: UnitEnergy } | null;
}

const money = (v: number) => `$${fmtNum(Math.round(v * 100) / 100)}`;
const ROWS: { key: keyof PeriodFigures; label: string; fmt: (v: number) => string }[] = [
  { key: 'kwh', label: 'Energy (kWh)', fmt: (v) => fmtNum(v) },
  { key: 'cost', label: 'Energy cost', fmt: money },
  { key: 'tco2e', label: 'Emissions (tCO2e)', fmt: (v) => fmtNum(v) },
];

function signed(v: number, fmt: (v: number) => string): string {
  if (v === 0) return fmt(0);
  return `${v > 0 ? '−' : '+'}${fmt(Math.abs(v))}`;
}

function PeriodTable({ title, rec, base }: { title: string; rec: PeriodFigures; base: PeriodFigures | null }) {
  const diff = base ? difference(rec, base) : null;
  return (
    <div className={s.tableWrap}>
      <table className={s.table} data-testid="business-table">
        <caption style={{ textAlign: 'left', fontWeight: 600, padding: '0.2rem 0' }}>{title}</caption>
        <thead>
          <tr>
            <th />
            <th className={s.num}>Recommended</th>
            {base && <th className={s.num}>Baseline</th>}
            {diff && <th className={s.num}>Change</th>}
          </tr>
        </thead>
        <tbody>
          {ROWS.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              <td className={s.num}>{r.fmt(rec[r.key])}</td>
              {base && <td className={s.num}>{r.fmt(base[r.key])}</td>}
              {diff && (
                <td className={`${s.num} ${diff[r.key] > 0 ? s.yes : diff[r.key] < 0 ? s.no : ''}`}>
                  {signed(diff[r.key], r.fmt)}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function num(v: string, fallback: number): number {
  const n = Number(v);
  return v.trim() !== '' && Number.isFinite(n) ? n : fallback;
}

function Formula({ inputs, rec }: { inputs: ReportInputs; rec: Projection }) {
  const t = inputs.traffic!;
  const unit = TRAFFIC_UNIT_WORDS[t.unit];
  const per = t.unit === 'requests' ? 'request' : 'token';
  return (
    <details className={s.formula} data-testid="business-formula">
      <summary>How these figures are computed</summary>
      <ul>
        <li>
          <code>
            kWh per month = J per {per} × {unit} per day × {fmtNum(DAYS_PER_MONTH, 4)} days
            {rec.overhead !== 1 ? ' × PUE' : ''} ÷ {J_PER_KWH.toLocaleString('en-US')} J/kWh
          </code>
          <br />
          Recommended: {fmtNum(rec.joulesPerUnit)} J × {countWords(rec.unitsPerDay)} × {fmtNum(DAYS_PER_MONTH, 4)}
          {rec.overhead !== 1 ? ` × ${fmtNum(rec.overhead)}` : ''} ÷ {J_PER_KWH.toLocaleString('en-US')} ={' '}
          {fmtNum(rec.perMonth.kwh)} kWh
        </li>
        <li>Per year: 365 days instead of {fmtNum(DAYS_PER_MONTH, 4)} (a month is a twelfth of a year).</li>
        <li>
          <code>cost = kWh × ${fmtNum(inputs.pricePerKwh)}/kWh</code>
        </li>
        <li>
          <code>tCO2e = kWh × {fmtNum(inputs.gridGco2PerKwh)} gCO2e/kWh ÷ 1,000,000</code>
        </li>
        <li>
          J per {per}: the run&apos;s measured GPU energy divided by the {unit} it served (the run&apos;s “Energy per{' '}
          {t.unit === 'requests' ? 'request' : t.unit === 'tokens' ? 'token (input + output)' : 'output token'}”
          metric).
          {inputs.scope === 'gpu'
            ? ' GPU energy only: CPU, memory, networking and cooling are not included.'
            : ` Facility scope: GPU energy × PUE ${fmtNum(inputs.pue)} for cooling and power delivery; CPU, memory and networking are still not measured.`}
        </li>
      </ul>
    </details>
  );
}

export function BusinessPanel(p: BusinessPanelProps) {
  const [inputs, setInputs] = useState<ReportInputs>(p.inputs);
  const [status, setStatus] = useState<string | null>(null);
  const set = (patch: Partial<ReportInputs>) => {
    setInputs((cur) => ({ ...cur, ...patch }));
    setStatus(null);
  };
  const traffic = inputs.traffic ?? { amount: 0, unit: 'output_tokens' as const, per: 'day' as const };
  const setTraffic = (patch: Partial<typeof traffic>) => {
    const t = { ...traffic, ...patch };
    set({ traffic: t.amount > 0 ? t : null });
  };
  const rec = p.recommended ? project(p.recommended.energy, inputs) : null;
  const base = p.baseline ? project(p.baseline.energy, inputs) : null;
  const changed = JSON.stringify(inputs) !== JSON.stringify(p.inputs);

  async function save() {
    const parsed = reportInputsSchema.safeParse(inputs);
    if (!parsed.success)
      return setStatus(`Not saved: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
    try {
      await apiFetch(`/api/reports/${p.reportId}`, { method: 'PATCH', json: { inputs: parsed.data } });
      window.location.reload();
    } catch (e) {
      setStatus(errorMessage(e));
    }
  }

  const scopeWords = inputs.scope === 'gpu' ? 'GPU energy only' : `GPU energy × PUE ${fmtNum(inputs.pue)}`;
  return (
    <section className={s.section} data-testid="business-panel" aria-labelledby="business-h">
      <h2 id="business-h">What it means per month and per year</h2>
      <p className={`${s.meta} ${s.printOnly}`}>
        Traffic{' '}
        {inputs.traffic
          ? `${countWords(inputs.traffic.amount)} ${TRAFFIC_UNIT_WORDS[inputs.traffic.unit]} per ${inputs.traffic.per}`
          : 'not set'}
        , electricity ${fmtNum(inputs.pricePerKwh)}/kWh, grid {fmtNum(inputs.gridGco2PerKwh)} gCO2e/kWh, {scopeWords}.
      </p>
      <div className={s.inputs}>
        <label>
          Traffic
          <input
            type="number"
            min={0}
            step="any"
            inputMode="decimal"
            value={inputs.traffic?.amount ?? ''}
            placeholder="e.g. 50000000"
            onChange={(e) => setTraffic({ amount: num(e.target.value, 0) })}
          />
        </label>
        <label>
          Unit
          <select value={traffic.unit} onChange={(e) => setTraffic({ unit: e.target.value as typeof traffic.unit })}>
            <option value="output_tokens">output tokens</option>
            <option value="tokens">tokens (input + output)</option>
            <option value="requests">requests</option>
          </select>
        </label>
        <label>
          Per
          <select value={traffic.per} onChange={(e) => setTraffic({ per: e.target.value as typeof traffic.per })}>
            <option value="day">day</option>
            <option value="month">month</option>
          </select>
        </label>
        <label>
          Electricity price ($/kWh)
          <input
            type="number"
            min={0}
            step="any"
            inputMode="decimal"
            value={inputs.pricePerKwh}
            onChange={(e) => set({ pricePerKwh: num(e.target.value, 0) })}
          />
        </label>
        <label>
          Grid intensity (gCO2e/kWh)
          <input
            type="number"
            min={0}
            step="any"
            inputMode="decimal"
            value={inputs.gridGco2PerKwh}
            onChange={(e) => set({ gridGco2PerKwh: num(e.target.value, 0) })}
          />
        </label>
        <label>
          Scope
          <select value={inputs.scope} onChange={(e) => set({ scope: e.target.value as ReportInputs['scope'] })}>
            <option value="gpu">GPU energy only</option>
            <option value="facility">GPU energy × PUE</option>
          </select>
        </label>
        {inputs.scope === 'facility' && (
          <label>
            PUE
            <input
              type="number"
              min={1}
              max={5}
              step="0.05"
              inputMode="decimal"
              value={inputs.pue}
              onChange={(e) => set({ pue: num(e.target.value, 1) })}
            />
          </label>
        )}
      </div>
      <p className={`${s.meta} no-print`}>
        {p.stored
          ? 'These inputs are stored with the report.'
          : 'The author has not set these inputs yet: price and grid intensity are the view’s.'}{' '}
        {changed &&
          (p.canSave
            ? 'Changed here: save them to store them with the report.'
            : 'Changed here for you only: they are not saved.')}
        {p.canSave && changed && (
          <>
            {' '}
            <button type="button" className="btn btn-small btn-primary" onClick={() => void save()}>
              Save with the report
            </button>
          </>
        )}
        {status && <span role="alert"> {status}</span>}
      </p>
      {!inputs.traffic && (
        <p data-testid="business-no-traffic">
          Enter the traffic this service handles to see kWh, cost and tCO2e per month and per year.
        </p>
      )}
      {inputs.traffic && !rec && (
        <p>
          The recommended run does not record energy per {TRAFFIC_UNIT_WORDS[inputs.traffic.unit]}; choose another unit.
        </p>
      )}
      {rec && (
        <>
          <div className={s.money}>
            <PeriodTable title="Per month" rec={rec.perMonth} base={base?.perMonth ?? null} />
            <PeriodTable title="Per year" rec={rec.perYear} base={base?.perYear ?? null} />
          </div>
          <p className={s.meta}>
            <strong>{scopeWords}.</strong> Recommended: {p.recommended!.label}
            {base ? `; baseline: ${p.baseline!.label}` : ''}. “Change” is baseline minus recommended: a minus sign is a
            saving.
          </p>
          <Formula inputs={inputs} rec={rec} />
        </>
      )}
    </section>
  );
}
