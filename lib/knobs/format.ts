/**
 * A knob's label and value as a page shows them: "Tensor parallel", "1 GPU" / "4 GPUs",
 * "1,980 MHz". Labels come from the knob catalogue; a key the catalogue does not know (a free-form
 * knob of an imported run) is shown as it was set. Client-safe.
 */
import { fmtNum } from '@/lib/format';
import { KNOB_BY_KEY } from './catalogue';

/** Count units whose singular drops the final "s" ("1 GPU", "1 replica"). */
const SINGULAR: Record<string, string> = {
  GPUs: 'GPU',
  stages: 'stage',
  replicas: 'replica',
  seqs: 'seq',
  requests: 'request',
  tokens: 'token',
};

export function knobLabel(key: string): string {
  return KNOB_BY_KEY.get(key)?.label ?? key;
}

export function knobValueText(key: string, v: unknown): string {
  if (v === undefined || v === null) return '—';
  if (typeof v !== 'number') return String(v);
  const unit = KNOB_BY_KEY.get(key)?.unit ?? '';
  const u = v === 1 && Object.hasOwn(SINGULAR, unit) ? SINGULAR[unit] : unit;
  return u ? `${fmtNum(v, 6)} ${u}` : fmtNum(v, 6);
}
