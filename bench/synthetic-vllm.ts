/**
 * Synthetic `vllm bench serve --save-result --save-detailed` file (fixed seed), written to disk in
 * pieces so that even a 100 MB file never exists as one string. Per request: ~1 KB of generated
 * text plus ttft, 8-40 inter-token gaps, lengths, start time and error, like the real thing.
 * Used by bench/import.ts and the streaming tests.
 */
import fs from 'node:fs';
import { mulberry32 } from './rng';

export interface SyntheticVllm {
  requests: number;
  bytes: number;
  /** Sum of output_lens (for value checks). */
  outputTokens: number;
  firstTtft: number;
  firstItlSum: number;
}

export function writeSyntheticVllm(
  file: string,
  targetBytes: number,
  seed = 42,
  opts: { objects?: number; pythonNaN?: boolean } = {},
): SyntheticVllm {
  const rnd = mulberry32(seed);
  const objects = opts.objects ?? 1;
  const perObject = Math.max(10, Math.round(targetBytes / objects / 1710));
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  const w = (s: string) => {
    bytes += fs.writeSync(fd, s);
  };
  let outputTokens = 0;
  let firstTtft = NaN;
  let firstItlSum = NaN;
  try {
    for (let o = 0; o < objects; o++) {
      const n = perObject;
      const out = Array.from({ length: n }, () => 16 + Math.floor(rnd() * 48));
      const ttfts = Array.from({ length: n }, () => 0.02 + rnd() * 0.2);
      outputTokens += out.reduce((a, b) => a + b, 0);
      const header = {
        date: '20250101-000000',
        endpoint_type: 'openai',
        backend: 'vllm',
        label: null,
        model_id: 'synthetic/Model-8B',
        tokenizer_id: 'synthetic/Model-8B',
        num_prompts: n,
        gpu: 'H100',
        tp: '1',
        run_tag: `synthetic-${o}`,
        request_rate: 16,
        burstiness: 1.0,
        max_concurrency: null,
        duration: n / 16,
        completed: n,
        failed: 0,
        total_input_tokens: n * 256,
        total_output_tokens: out.reduce((a, b) => a + b, 0),
        request_throughput: 16,
        request_goodput: null,
        output_throughput: 16 * 40,
        total_token_throughput: 16 * 296,
        mean_ttft_ms: 120,
        median_ttft_ms: 118,
        std_ttft_ms: 30,
        p99_ttft_ms: 215,
        mean_tpot_ms: 12,
        median_tpot_ms: 11.5,
        std_tpot_ms: 2,
        p99_tpot_ms: 19,
        mean_itl_ms: 12,
        median_itl_ms: 11,
        std_itl_ms: 3,
        p99_itl_ms: 31,
      };
      // Python's json.dump writes NaN for an undefined std (opt-in: JSON.parse baselines reject it).
      w((o ? '\n' : '') + JSON.stringify(header).slice(0, -1) + (opts.pythonNaN ? ', "std_e2el_ms": NaN' : ''));
      const arr = (key: string, gen: (i: number) => string) => {
        w(`, "${key}": [`);
        let buf = '';
        for (let i = 0; i < n; i++) {
          buf += (i ? ', ' : '') + gen(i);
          if (buf.length > 1 << 16) {
            w(buf);
            buf = '';
          }
        }
        w(buf + ']');
      };
      arr('input_lens', () => '256');
      arr('output_lens', (i) => String(out[i]));
      arr('ttfts', (i) => String(ttfts[i]));
      arr('itls', (i) => {
        const gaps = Array.from({ length: Math.min(40, out[i] - 1) }, () => 0.008 + rnd() * 0.01);
        if (o === 0 && i === 0) {
          firstTtft = ttfts[0];
          firstItlSum = gaps.reduce((a, b) => a + b, 0);
        }
        return `[${gaps.join(', ')}]`;
      });
      let t = 1000 + rnd();
      arr('start_times', () => String((t += rnd() / 8)));
      const words = [
        'lorem',
        'ipsum',
        'dolor',
        'sit',
        'amet',
        'consectetur',
        'adipiscing',
        'elit',
        'sed',
        'do',
        'eiusmod',
        '"quoted"',
        'naïve',
        'Infinity',
        'NaN',
      ];
      arr('generated_texts', () =>
        JSON.stringify(Array.from({ length: 150 }, () => words[Math.floor(rnd() * words.length)]).join(' ')),
      );
      arr('errors', () => '""');
      w('}');
    }
    w('\n');
  } finally {
    fs.closeSync(fd);
  }
  return { requests: perObject * objects, bytes, outputTokens, firstTtft, firstItlSum };
}
