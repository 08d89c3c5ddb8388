/**
 * The simulated server's parts on their own (lib/runner/sim/requests.ts, meter.ts, knobs-api.ts):
 * what a completion request asks for, the SSE chunks it gets, the energy counter and its
 * one-second average, and the knob API's refusals.
 */
import { describe, expect, it } from 'vitest';
import { completionBody, finalChunks, parseCompletionRequest, tokenChunk, usage } from '@/lib/runner/sim/requests';
import { EnergyMeter } from '@/lib/runner/sim/meter';
import { applySimKnobs } from '@/lib/runner/sim/knobs-api';
import { SimEngine } from '@/lib/runner/sim/engine';
import { gpuSpec, modelSpec } from '@/lib/runner/sim/specs';

describe('completion requests', () => {
  it('counts one token per prompt word and reads max_tokens and streaming', () => {
    expect(
      parseCompletionRequest(false, {
        prompt: 'a b  c',
        max_tokens: 5,
        stream: true,
        stream_options: { include_usage: true },
      }),
    ).toEqual({
      chat: false,
      inputTokens: 3,
      maxTokens: 5,
      stream: true,
      includeUsage: true,
    });
    expect(parseCompletionRequest(true, { messages: [{ content: 'x y' }], max_completion_tokens: 2 })).toMatchObject({
      inputTokens: 2,
      maxTokens: 2,
    });
  });

  it('refuses a request without a prompt or with a bad max_tokens', () => {
    expect(parseCompletionRequest(false, {})).toEqual({ error: 'prompt: required string' });
    expect(parseCompletionRequest(true, { messages: 'x' })).toEqual({ error: 'messages: required array' });
    expect(parseCompletionRequest(false, { prompt: 'x', max_tokens: 0 })).toEqual({
      error: 'max_tokens must be a positive integer',
    });
  });

  it('writes OpenAI-shaped chunks and bodies', () => {
    const ids = { id: 'cmpl-1', created: 1, model: 'm', chat: true };
    const first = JSON.parse(tokenChunk(ids, ' the', true, 5).slice(6));
    expect(first).toMatchObject({
      object: 'chat.completion.chunk',
      choices: [{ delta: { role: 'assistant', content: ' the' } }],
      sim_t: 5,
    });
    const end = finalChunks({ ...ids, chat: false }, usage(3, 2), 6)
      .trim()
      .split('\n\n');
    expect(end).toHaveLength(3);
    expect(JSON.parse(end[1].slice(6)).usage).toEqual({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
    expect(end[2]).toBe('data: [DONE]');
    expect(completionBody({ ...ids, chat: false }, ' a b', usage(1, 2), 7)).toMatchObject({
      object: 'text_completion',
      choices: [{ text: ' a b', finish_reason: 'length' }],
    });
  });
});

describe('energy meter', () => {
  it('integrates piecewise-constant power and averages over the last simulated second', () => {
    const m = new EnergyMeter(100, 300);
    m.setSegment(1000, 300, 1400, 1); // 1 s at 100 W = 100 J
    expect(m.energyAt(1000)).toBe(100_000); // mJ
    expect(m.energyAt(2000)).toBe(400_000);
    expect(m.averagePowerW(2000)).toBe(300);
    expect(m.averagePowerW(1500)).toBeCloseTo((300 * 500 + 100 * 500 + 100 * 500) / 1500, 5); // the whole run so far
  });
});

describe('knob API', () => {
  const gpu = gpuSpec('H100-SXM');
  const engine = () =>
    new SimEngine({ gpu, model: modelSpec('meta-llama/Llama-3.1-8B-Instruct'), tp: 1, maxNumSeqs: 8 });

  it('locks and resets clocks and sets a power limit within the driver range', () => {
    const e = engine();
    expect(applySimKnobs(e, gpu, { sm_clock_mhz_min: 900, sm_clock_mhz_max: 1200, power_limit_w: 500 })).toBeNull();
    expect(e.knobs).toMatchObject({ smMinMhz: 900, smMaxMhz: 1200, powerLimitW: 500 });
    expect(applySimKnobs(e, gpu, { reset_clocks: true })).toBeNull();
    expect(e.knobs).toEqual({ powerLimitW: 500 });
  });

  it("refuses in the driver's words", () => {
    const e = engine();
    expect(applySimKnobs(e, gpu, { sm_clock_mhz_min: 900 })).toMatch(/both required/);
    expect(applySimKnobs(e, gpu, { power_limit_w: 10 })).toMatch(
      /^Provided power limit 10 W is not a valid power limit/,
    );
  });
});
