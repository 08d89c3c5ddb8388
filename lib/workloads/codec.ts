/**
 * How a stored workload's requests are kept: gzipped JSON columns, arrival times as microsecond
 * deltas (small integers compress well). Decoding is bounded (gunzip output limit, column lengths).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { MAX_TRACE_ROWS } from './parse';
import type { TraceRequest } from './types';

type Columns = { v: 1; dt_us: number[]; input: number[]; output: number[] };
/** ~40 bytes per request is far more than the JSON of one needs. */
const MAX_DECODED_BYTES = MAX_TRACE_ROWS * 40;

export function encodeRequests(requests: readonly TraceRequest[]): Buffer {
  const c: Columns = { v: 1, dt_us: [], input: [], output: [] };
  let prev = 0;
  for (const r of requests) {
    const us = Math.round(r.atS * 1e6);
    c.dt_us.push(us - prev);
    prev = us;
    c.input.push(r.inputTokens);
    c.output.push(r.outputTokens);
  }
  return gzipSync(JSON.stringify(c));
}

export function decodeRequests(buf: Buffer): TraceRequest[] {
  const c = JSON.parse(gunzipSync(buf, { maxOutputLength: MAX_DECODED_BYTES }).toString('utf8')) as Columns;
  const n = c.dt_us?.length;
  if (c.v !== 1 || !Array.isArray(c.dt_us) || c.input?.length !== n || c.output?.length !== n)
    throw new Error('stored workload requests are malformed');
  const out = new Array<TraceRequest>(n);
  let us = 0;
  for (let i = 0; i < n; i++) {
    us += c.dt_us[i];
    out[i] = { atS: us / 1e6, inputTokens: c.input[i], outputTokens: c.output[i] };
  }
  return out;
}
