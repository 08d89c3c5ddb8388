import { expect, test } from 'vitest';
import { knobLabel, knobValueText } from '@/lib/knobs/format';

test('labels from the knob catalogue; unknown keys as set', () => {
  expect(knobLabel('power_limit_w')).toBe('Power limit');
  expect(knobLabel('tp')).toBe('Tensor parallel');
  expect(knobLabel('kv_cache_dtype')).toBe('kv_cache_dtype');
});

test('values with their unit, singular for one', () => {
  expect(knobValueText('tp', 1)).toBe('1 GPU');
  expect(knobValueText('tp', 4)).toBe('4 GPUs');
  expect(knobValueText('sm_clock_mhz', 1980)).toBe('1,980 MHz');
  expect(knobValueText('dp', 1)).toBe('1 replica');
  expect(knobValueText('kv_cache_dtype', 'fp8')).toBe('fp8');
  expect(knobValueText('constructor', 1)).toBe('1');
  expect(knobValueText('tp', undefined)).toBe('—');
});
