/**
 * Synthetic workloads: input/output lengths from a distribution (fixed, uniform, normal) or
 * prompts from a JSONL dataset. A synthetic prompt of n tokens is n common English words
 * separated by spaces (one word ~ one token for Llama/Qwen tokenizers; the simulated server
 * counts exactly one token per word). The exact counts come from the server's usage field.
 */
import fs from 'node:fs';
import { normal, rng } from '../stats';

export type LengthDist =
  | { kind: 'fixed'; value: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'normal'; mean: number; std: number };

export function sampleLength(d: LengthDist, rand: () => number): number {
  const v =
    d.kind === 'fixed'
      ? d.value
      : d.kind === 'uniform'
        ? d.min + rand() * (d.max - d.min)
        : d.mean + d.std * normal(rand);
  return Math.max(1, Math.round(v));
}

/**
 * Builds a distribution from CLI-style options (--len-spread r): uniform is value*(1±r) with r
 * defaulting to 0.5; normal has std = r*value with r defaulting to 0.2 (lengths are clipped at 1).
 */
export function lengthDist(kind: string, value: number, spread?: number): LengthDist {
  if (!(value >= 1)) throw new Error(`length must be >= 1 (got ${value})`);
  if (spread !== undefined && !(spread >= 0 && spread < 10))
    throw new Error(`--len-spread must be between 0 and 10 (got ${spread})`);
  if (kind === 'fixed') return { kind, value };
  if (kind === 'uniform') {
    const r = Math.min(spread ?? 0.5, 1);
    return { kind, min: Math.max(1, value * (1 - r)), max: value * (1 + r) };
  }
  if (kind === 'normal') return { kind, mean: value, std: value * (spread ?? 0.2) };
  throw new Error(`unknown length distribution '${kind}' (fixed, uniform, normal)`);
}

const VOCAB =
  'the of and to in is was for on are with as his they be at one have this from or had by hot word but what some we can out other were all there when up use your how said an each she which do their time if will way about many then them write would like so these her long make thing see him two has look more day could go come did number sound no most people my over know water than call first who may down side been now find any new work part take get place made live where after back little only round man year came show every good me give our under name very through just form sentence great think say help low line differ turn cause much mean before move right boy old too same tell does set three want air well also play small end put home read hand port large spell add even land here must big high such follow act why ask men change went light kind off need house picture try us again animal point mother world near build self earth father head stand own page should country found answer school grow study still learn plant cover food sun four between state keep eye never last let thought city tree cross farm hard start might story saw far sea draw left late run while press close night real life few north'.split(
    ' ',
  );

export type Prompt = { text: string; inputLen?: number; outputLen: number };

/** n words starting at a request-specific offset, so that prefix caching cannot share them. */
export function syntheticPrompt(n: number, rand: () => number): string {
  const words = new Array<string>(n);
  let k = Math.floor(rand() * VOCAB.length);
  const step = 1 + Math.floor(rand() * 37);
  for (let i = 0; i < n; i++) {
    words[i] = VOCAB[k];
    k = (k + step + (i % 3)) % VOCAB.length;
  }
  return words.join(' ');
}

export function syntheticPrompts(count: number, input: LengthDist, output: LengthDist, seed: number): Prompt[] {
  const rand = rng(seed);
  return Array.from({ length: count }, () => {
    const inputLen = sampleLength(input, rand);
    return { text: syntheticPrompt(inputLen, rand), inputLen, outputLen: sampleLength(output, rand) };
  });
}

/**
 * JSONL dataset: one object per line with "prompt" (string) and optionally "output_len" (or
 * "max_tokens"); lines cycle if the run needs more requests than the file has.
 */
export function datasetPrompts(file: string, count: number, output: LengthDist, seed: number): Prompt[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read dataset (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const rand = rng(seed);
  const rows: Prompt[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line);
    } catch {
      throw new Error(`${file}:${i + 1}: not valid JSON`);
    }
    if (typeof o.prompt !== 'string' || !o.prompt)
      throw new Error(`${file}:${i + 1}: key 'prompt' must be a non-empty string`);
    const ol = o.output_len ?? o.max_tokens;
    if (ol !== undefined && !(Number.isInteger(ol) && (ol as number) > 0))
      throw new Error(`${file}:${i + 1}: key 'output_len' must be a positive integer`);
    rows.push({ text: o.prompt, outputLen: (ol as number | undefined) ?? sampleLength(output, rand) });
  });
  if (!rows.length) throw new Error(`${file}: dataset has no prompts`);
  return Array.from({ length: count }, (_, i) => rows[i % rows.length]);
}
