/**
 * Display names. The stored GPU name is kept as recorded (provenance, filters); charts, legends
 * and tables show one name per GPU model: "NVIDIA H100 80GB HBM3", "H100" and "H100-SXM5-80GB"
 * all read "H100". Model ids lose their organisation prefix only where space is short.
 */
const GPU_VENDOR = /^(nvidia|amd|intel|google)\s+/i;
const GPU_LINE = /^(tesla|geforce|quadro|instinct|radeon|gaudi)\s+/i;

export function gpuDisplayName(raw: string): string {
  let s = raw.trim().replace(GPU_VENDOR, '').replace(GPU_LINE, '');
  // The first token that looks like a model number (H100, A100, B200, L40S, MI300X, GH200, RTX 4090).
  const m = s.match(/\b(RTX\s?\d{4}\w*|[A-Z]{1,3}\d{2,4}[A-Z]{0,3})\b/i);
  if (m) s = m[1].toUpperCase().replace(/^RTX(\d)/, 'RTX $1');
  return s || raw;
}

/** "meta-llama/Llama-3.1-8B-Instruct" -> "Llama-3.1-8B-Instruct". */
export function shortModelName(id: string): string {
  const i = id.lastIndexOf('/');
  return i >= 0 ? id.slice(i + 1) : id;
}
