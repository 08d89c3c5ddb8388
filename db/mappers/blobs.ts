/**
 * Compact storage of series: each blob is the concatenation of Float64 columns (NaN = null,
 * booleans as 0/1); `layout` names the columns and their lengths. 1 sample = 8 bytes per column.
 */
import type { RequestSamples, Trace } from '@/lib/record/schema';

export interface BlobLayout {
  columns: { name: string; length: number; kind?: 'bool' | 'nullable' }[];
}

function pack(cols: { name: string; values: (number | null | boolean)[]; kind?: 'bool' | 'nullable' }[]) {
  const total = cols.reduce((n, c) => n + c.values.length, 0);
  const arr = new Float64Array(total);
  let o = 0;
  for (const c of cols) {
    for (const v of c.values) arr[o++] = v === null ? NaN : typeof v === 'boolean' ? (v ? 1 : 0) : v;
  }
  const layout: BlobLayout = { columns: cols.map((c) => ({ name: c.name, length: c.values.length, kind: c.kind })) };
  return { layout, data: Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength) };
}

function unpack(layout: BlobLayout, data: Buffer): Map<string, { values: number[]; kind?: string }> {
  const copy = new Uint8Array(data.byteLength);
  copy.set(data);
  const arr = new Float64Array(copy.buffer);
  const out = new Map<string, { values: number[]; kind?: string }>();
  let o = 0;
  for (const c of layout.columns) {
    out.set(c.name, { values: Array.from(arr.subarray(o, o + c.length)), kind: c.kind });
    o += c.length;
  }
  return out;
}

export function encodeTrace(t: Trace) {
  const cols: Parameters<typeof pack>[0] = [];
  for (const d of t.devices) {
    cols.push({ name: `${d.index}:t_s`, values: d.t_s });
    cols.push({ name: `${d.index}:power_w`, values: d.power_w });
    if (d.sm_clock_mhz) cols.push({ name: `${d.index}:sm_clock_mhz`, values: d.sm_clock_mhz });
  }
  return pack(cols);
}

export function decodeTrace(layout: BlobLayout, data: Buffer): Trace {
  const cols = unpack(layout, data);
  const byDev = new Map<number, Trace['devices'][number]>();
  for (const [name, { values }] of cols) {
    const [idx, field] = name.split(':');
    const i = Number(idx);
    const dev = byDev.get(i) ?? { index: i, t_s: [], power_w: [] };
    (dev as Record<string, unknown>)[field] = values;
    byDev.set(i, dev);
  }
  return { devices: [...byDev.values()].sort((a, b) => a.index - b.index) };
}

const REQ_NULLABLE = ['ttft_ms', 'e2e_ms', 'tpot_ms', 'input_tokens', 'output_tokens'] as const;

export function encodeRequests(r: RequestSamples) {
  // start_s is omitted when the source had no start times (missing, not zeros).
  const cols: Parameters<typeof pack>[0] = r.start_s ? [{ name: 'start_s', values: r.start_s }] : [];
  for (const k of REQ_NULLABLE) {
    const v = r[k];
    if (v) cols.push({ name: k, values: v, kind: 'nullable' });
  }
  cols.push({ name: 'success', values: r.success, kind: 'bool' });
  return pack(cols);
}

export function decodeRequests(layout: BlobLayout, data: Buffer): RequestSamples {
  const cols = unpack(layout, data);
  const nullable = (k: string) => cols.get(k)?.values.map((v) => (Number.isNaN(v) ? null : v));
  return {
    ...(cols.has('start_s') ? { start_s: cols.get('start_s')!.values } : {}),
    ttft_ms: nullable('ttft_ms') ?? [],
    e2e_ms: nullable('e2e_ms') ?? [],
    ...(cols.has('tpot_ms') ? { tpot_ms: nullable('tpot_ms') } : {}),
    input_tokens: nullable('input_tokens') ?? [],
    output_tokens: nullable('output_tokens') ?? [],
    success: (cols.get('success')?.values ?? []).map((v) => v === 1),
  };
}
