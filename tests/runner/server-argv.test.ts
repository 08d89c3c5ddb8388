/**
 * One server template for both ways of starting an inference server: `joulebench measure
 * --server-cmd vllm|sglang` (lib/runner/steps/endpoint.ts) and a sweep point of kind vllm/sglang
 * (lib/executors/point-argv.ts) produce the same argv, --host included; a sweep leaves out the
 * flag of a knob it does not set.
 */
import { describe, expect, it } from 'vitest';
import { runServerArgv } from '@/lib/runner/steps/endpoint';
import { parseTemplate } from '@/lib/runner/server/template';
import { serverArgv } from '@/lib/executors/point-runner';
import type { PointSpec } from '@/lib/executors/point-spec';

const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const point = (kind: 'vllm' | 'sglang', serverKnobs: PointSpec['serverKnobs']): PointSpec => ({
  version: 1,
  sweepId: 1,
  pointId: 1,
  attempt: 1,
  model: MODEL,
  gpu: 'H100',
  simulated: false,
  timeScale: 1,
  server: { kind },
  serverKnobs,
  measure: { requests: 4, concurrency: 2, input_len: 64, output_len: 16 },
  harness: { node: '/usr/bin/node', entry: '/repo/bin/joulebench.js' },
  timeoutS: 60,
});

describe('one inference-server template', () => {
  for (const kind of ['vllm', 'sglang'] as const) {
    it(`${kind}: the harness and a sweep point run the same command`, () => {
      const harness = runServerArgv(
        { model: MODEL, tp: 2, maxNumSeqs: 64, concurrency: 1, requests: 1 },
        parseTemplate(kind),
        8123,
      );
      expect(serverArgv(point(kind, { tp: 2, max_num_seqs: 64 }), 8123)).toEqual(harness);
      expect(harness[harness.indexOf('--host') + 1]).toBe('127.0.0.1');
      expect(harness[harness.indexOf('--port') + 1]).toBe('8123');
    });
  }

  it('a sweep that does not set a knob leaves its flag out (the engine default applies)', () => {
    expect(serverArgv(point('vllm', { max_num_seqs: 8 }), 9)).toEqual([
      'vllm',
      'serve',
      MODEL,
      '--host',
      '127.0.0.1',
      '--port',
      '9',
      '--max-num-seqs',
      '8',
    ]);
    expect(
      serverArgv({ ...point('sglang', {}), server: { kind: 'sglang', extra_args: ['--dtype', 'bf16'] } }, 9),
    ).toEqual([
      'python3',
      '-m',
      'sglang.launch_server',
      '--model-path',
      MODEL,
      '--host',
      '127.0.0.1',
      '--port',
      '9',
      '--dtype',
      'bf16',
    ]);
  });

  it('the harness still needs every placeholder of a preset', () => {
    expect(() => runServerArgv({ model: MODEL, concurrency: 1, requests: 1 }, parseTemplate('vllm'), 1)).toThrow(
      /placeholder \{tp\} in the server command has no value \(pass --tp\)/,
    );
  });
});
