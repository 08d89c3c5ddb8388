/**
 * CodeCarbon emissions.csv (columns matched by header name, never position) and EmissionsData
 * JSON. Energies are kWh -> J. GPU energy is energy_j (scope gpu) when the GPU was tracked,
 * otherwise energy_consumed (CPU+GPU+RAM, scope gpu+cpu).
 */
import type { RunRecord } from '@/lib/record/schema';
import { buildRun, isObj, num, posInt, standardWarnings, str, type Obj } from '../common';
import { readCsvObjects, readJson } from '../text';
import { ImportError, type Importer, type ParseContext } from '../types';

function ccRun(ctx: ParseContext, format: string, o: Obj, where: string, warnings: string[]): RunRecord {
  const f = ctx.name;
  const k = (key: string) => (where ? `${where}: ${key}` : key);
  const kwh = (key: string) => {
    const v = num(f, k(key), o[key]);
    return v === undefined ? undefined : v * 3.6e6;
  };
  const gpuJ = kwh('gpu_energy');
  const totalJ = kwh('energy_consumed');
  const cpuJ = kwh('cpu_energy');
  const ramJ = kwh('ram_energy');
  const useGpu = gpuJ !== undefined && gpuJ > 0;
  if (totalJ !== undefined && cpuJ !== undefined && ramJ !== undefined && gpuJ !== undefined) {
    const sum = cpuJ + ramJ + gpuJ;
    if (sum > 0 && Math.abs(sum - totalJ) / sum > 0.05)
      warnings.push(`${k('energy_consumed')} differs from cpu+gpu+ram energy by more than 5%`);
  }
  const gm = str(o.gpu_model);
  const m = gm ? /^(\d+)\s*x\s*(.*)$/.exec(gm) : null;
  const gpuCount = posInt(f, k('gpu_count'), o.gpu_count) ?? (m ? Number(m[1]) : undefined);
  const duration = num(f, k('duration'), o.duration);
  const gpuPower = num(f, k('gpu_power'), o.gpu_power);
  return buildRun(
    ctx,
    format,
    {
      label: `${str(o.project_name) ?? 'codecarbon'} ${str(o.timestamp) ?? ''}`.trim(),
      gpu_model: (m ? m[2] : gm)?.replace(/^NVIDIA\s+/i, ''),
      gpu_count: gpuCount,
      measured_at: str(o.timestamp),
      knobs: { tracking_mode: str(o.tracking_mode) },
      // CodeCarbon's *_power columns are the power of the last measurement interval, not the mean
      // over the run (on the repo's own examples they miss energy / duration by up to 97%): kept in
      // extra; the catalogue derives the run's average power from energy / duration.
      metrics: { duration_s: duration, energy_j: useGpu ? gpuJ : totalJ },
      energy_provenance: {
        method: 'reported',
        scope: useGpu ? 'gpu' : 'gpu+cpu',
        source: `CodeCarbon ${str(o.codecarbon_version) ?? ''} (${useGpu ? 'gpu_energy' : 'energy_consumed'})`.trim(),
        window: duration !== undefined ? { start_s: 0, end_s: duration, steady_state: false } : undefined,
      },
      extra: {
        run_id: str(o.run_id),
        experiment_id: str(o.experiment_id),
        emissions_kg: num(f, k('emissions'), o.emissions),
        energy_consumed_j: totalJ,
        cpu_energy_j: cpuJ,
        ram_energy_j: ramJ,
        cpu_power_w: num(f, k('cpu_power'), o.cpu_power),
        gpu_power_w: gpuPower,
        ram_power_w: num(f, k('ram_power'), o.ram_power),
        cpu_model: str(o.cpu_model),
        country_iso_code: str(o.country_iso_code),
        region: str(o.region),
        pue: num(f, k('pue'), o.pue),
      },
    },
    warnings,
    where,
  );
}

const FIXED = [
  'CodeCarbon energies are kWh: converted to J',
  'CodeCarbon records no token or request counts: per-token energy cannot be derived',
];

export const codecarbonCsvImporter: Importer = {
  id: 'codecarbon-csv',
  confidence: 0.85,
  label: 'CodeCarbon emissions.csv',
  detect(text) {
    const head = text.slice(0, 1000).split('\n')[0];
    return (
      /(^|,)emissions(,|$)/.test(head) && /(^|,)energy_consumed(,|$)/.test(head) && /(^|,)duration(,|$)/.test(head)
    );
  },
  parse(text, ctx) {
    const { rows } = readCsvObjects(ctx.name, text);
    if (!rows.length) throw new ImportError(ctx.name, undefined, 'header only, no rows');
    const warnings = [...FIXED];
    const runs = rows.map(({ obj, line }) => ccRun(ctx, 'codecarbon-csv', obj, `line ${line}`, warnings));
    return { runs, warnings: [...new Set([...warnings, ...standardWarnings(runs)])] };
  },
};

export const codecarbonJsonImporter: Importer = {
  id: 'codecarbon-json',
  confidence: 0.85,
  label: 'CodeCarbon EmissionsData JSON',
  detect(text) {
    const h = text.slice(0, 4000);
    return h.trimStart().startsWith('{') && /"emissions_rate"/.test(h) && /"energy_consumed"/.test(h);
  },
  parse(text, ctx) {
    const o = readJson(ctx.name, text);
    if (!isObj(o)) throw new ImportError(ctx.name, undefined, 'expected a JSON object');
    const warnings = [...FIXED];
    const run = ccRun(ctx, 'codecarbon-json', o, '', warnings);
    return { runs: [run], warnings: [...warnings, ...standardWarnings([run])] };
  },
};
