/**
 * The built-in workloads: the two Azure LLM inference traces of 2023 (one hour each), shipped
 * gzipped in traces/ with their source notes. Parsed once per process on first use.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { repoRoot } from '@/lib/env';
import { parseTrace } from './parse';
import type { Workload, WorkloadAttribution } from './types';

export const AZURE_2023_ATTRIBUTION: WorkloadAttribution = {
  text: 'Azure LLM inference trace 2023, CC-BY 4.0; Patel et al., "Splitwise: Efficient generative LLM inference using phase splitting", ISCA 2024',
  license: 'CC-BY-4.0',
  url: 'https://github.com/Azure/AzurePublicDataset/blob/b469a113cedca53ddc3bdea71a143dc4b7d8700c/data/',
};

export type BuiltinInfo = {
  /** The name after `builtin:`. */
  name: string;
  title: string;
  description: string;
  file: string;
  /** Requests in the file (checked by the tests). */
  requestCount: number;
  attribution: WorkloadAttribution;
};

export const BUILTINS: readonly BuiltinInfo[] = [
  {
    name: 'azure-conv-2023',
    title: 'Azure conversation trace 2023',
    description: 'One hour of production arrivals of an Azure LLM conversation (chat) service, 16 Nov 2023.',
    file: 'AzureLLMInferenceTrace_conv.csv',
    requestCount: 19_366,
    attribution: { ...AZURE_2023_ATTRIBUTION, url: `${AZURE_2023_ATTRIBUTION.url}AzureLLMInferenceTrace_conv.csv` },
  },
  {
    name: 'azure-code-2023',
    title: 'Azure code trace 2023',
    description: 'One hour of production arrivals of an Azure LLM code-completion service, 16 Nov 2023.',
    file: 'AzureLLMInferenceTrace_code.csv',
    requestCount: 8_819,
    attribution: { ...AZURE_2023_ATTRIBUTION, url: `${AZURE_2023_ATTRIBUTION.url}AzureLLMInferenceTrace_code.csv` },
  },
];

export const BUILTIN_PREFIX = 'builtin:';

export function builtinInfo(name: string): BuiltinInfo | undefined {
  return BUILTINS.find((b) => b.name === name);
}

/** Where the shipped traces are (JOULEBENCH_ROOT/traces). */
export function tracesDir(): string {
  return path.join(repoRoot(), 'traces');
}

const cache = new Map<string, Workload>();

/** The built-in workload `name` (without the prefix), or undefined when there is none by that name. */
export function loadBuiltin(name: string): Workload | undefined {
  const info = builtinInfo(name);
  if (!info) return undefined;
  const hit = cache.get(name);
  if (hit) return hit;
  const gz = path.join(tracesDir(), `${info.file}.gz`);
  const text = gunzipSync(fs.readFileSync(gz)).toString('utf8');
  const parsed = parseTrace(text, info.file);
  const w: Workload = {
    ref: BUILTIN_PREFIX + name,
    name: info.title,
    source: 'builtin',
    startedAt: parsed.startedAt,
    durationS: parsed.durationS,
    requests: parsed.requests,
    attribution: info.attribution,
  };
  cache.set(name, w);
  return w;
}
