/** Wording helpers of the overview (client-safe). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** 0.7356 -> "74%". */
export const pct = (ratio: number) => `${Math.round(ratio * 100)}%`;

/** 0.325 -> "+33%"; 13.1 -> "+1,313%". */
export const pctChange = (delta: number) =>
  `${delta >= 0 ? '+' : '−'}${Math.round(Math.abs(delta) * 100).toLocaleString('en-US')}%`;

/** "meta-llama/Llama-3.1-70B-Instruct" -> "Llama-3.1-70B-Instruct". */
export const shortModel = (id: string) => id.split('/').pop() ?? id;
