/**
 * Specs of the simulated GPUs and models. Public datasheet figures (dense bf16 tensor TFLOP/s,
 * HBM bandwidth, TDP, max boost SM clock); idle power is a typical measured value with the
 * driver persistent. Model shapes are from the published configs (bf16 weights and KV cache).
 */
export type GpuSpec = {
  name: string;
  /** Dense bf16 tensor throughput at max SM clock, FLOP/s. */
  flops: number;
  /** Memory bandwidth, bytes/s. */
  memBw: number;
  memGb: number;
  tdpW: number;
  idleW: number;
  maxSmMhz: number;
  minSmMhz: number;
  idleSmMhz: number;
  memMhz: number;
};

export const GPUS: Record<string, GpuSpec> = {
  'H100-SXM': {
    name: 'NVIDIA H100 80GB HBM3',
    flops: 989e12,
    memBw: 3.35e12,
    memGb: 80,
    tdpW: 700,
    idleW: 70,
    maxSmMhz: 1980,
    minSmMhz: 345,
    idleSmMhz: 345,
    memMhz: 2619,
  },
  H200: {
    name: 'NVIDIA H200',
    flops: 989e12,
    memBw: 4.8e12,
    memGb: 141,
    tdpW: 700,
    idleW: 75,
    maxSmMhz: 1980,
    minSmMhz: 345,
    idleSmMhz: 345,
    memMhz: 3201,
  },
  'A100-SXM': {
    name: 'NVIDIA A100-SXM4-80GB',
    flops: 312e12,
    memBw: 2.039e12,
    memGb: 80,
    tdpW: 400,
    idleW: 55,
    maxSmMhz: 1410,
    minSmMhz: 210,
    idleSmMhz: 210,
    memMhz: 1593,
  },
  B200: {
    name: 'NVIDIA B200',
    flops: 2250e12,
    memBw: 8e12,
    memGb: 180,
    tdpW: 1000,
    idleW: 140,
    maxSmMhz: 1965,
    minSmMhz: 600,
    idleSmMhz: 600,
    memMhz: 3996,
  },
  L40S: {
    name: 'NVIDIA L40S',
    flops: 362e12,
    memBw: 0.864e12,
    memGb: 48,
    tdpW: 350,
    idleW: 35,
    maxSmMhz: 2520,
    minSmMhz: 210,
    idleSmMhz: 210,
    memMhz: 9001,
  },
};

const GPU_ALIASES: Record<string, string> = {
  h100: 'H100-SXM',
  'h100-sxm': 'H100-SXM',
  'h100-sxm5': 'H100-SXM',
  h200: 'H200',
  a100: 'A100-SXM',
  'a100-sxm': 'A100-SXM',
  b200: 'B200',
  l40s: 'L40S',
};

export type ModelSpec = {
  id: string;
  paramsB: number;
  layers: number;
  hidden: number;
  /** KV cache bytes per token over all layers (2 x layers x kv_heads x head_dim x 2 bytes). */
  kvBytesPerToken: number;
  bytesPerParam: number;
};

const kv = (layers: number, kvHeads: number, headDim: number) => 2 * layers * kvHeads * headDim * 2;

export const MODELS: Record<string, ModelSpec> = {
  'meta-llama/Llama-3.1-8B-Instruct': {
    id: 'meta-llama/Llama-3.1-8B-Instruct',
    paramsB: 8.03,
    layers: 32,
    hidden: 4096,
    kvBytesPerToken: kv(32, 8, 128),
    bytesPerParam: 2,
  },
  'meta-llama/Llama-3.1-70B-Instruct': {
    id: 'meta-llama/Llama-3.1-70B-Instruct',
    paramsB: 70.6,
    layers: 80,
    hidden: 8192,
    kvBytesPerToken: kv(80, 8, 128),
    bytesPerParam: 2,
  },
  'Qwen/Qwen3-14B': {
    id: 'Qwen/Qwen3-14B',
    paramsB: 14.8,
    layers: 40,
    hidden: 5120,
    kvBytesPerToken: kv(40, 8, 128),
    bytesPerParam: 2,
  },
  'Qwen/Qwen3-8B': {
    id: 'Qwen/Qwen3-8B',
    paramsB: 8.19,
    layers: 36,
    hidden: 4096,
    kvBytesPerToken: kv(36, 8, 128),
    bytesPerParam: 2,
  },
  'meta-llama/Llama-3.2-1B-Instruct': {
    id: 'meta-llama/Llama-3.2-1B-Instruct',
    paramsB: 1.24,
    layers: 16,
    hidden: 2048,
    kvBytesPerToken: kv(16, 8, 64),
    bytesPerParam: 2,
  },
};

const MODEL_ALIASES: Record<string, string> = {
  'llama-3.1-8b': 'meta-llama/Llama-3.1-8B-Instruct',
  'llama-3.1-8b-instruct': 'meta-llama/Llama-3.1-8B-Instruct',
  'llama-3.1-70b': 'meta-llama/Llama-3.1-70B-Instruct',
  'llama-3.1-70b-instruct': 'meta-llama/Llama-3.1-70B-Instruct',
  'qwen3-14b': 'Qwen/Qwen3-14B',
  'qwen3-8b': 'Qwen/Qwen3-8B',
  'llama-3.2-1b': 'meta-llama/Llama-3.2-1B-Instruct',
};

function lookup<T>(table: Record<string, T>, aliases: Record<string, string>, name: string, what: string): T {
  if (table[name]) return table[name];
  const key = name.toLowerCase();
  const exact = Object.keys(table).find((k) => k.toLowerCase() === key);
  if (exact) return table[exact];
  const short = key.split('/').pop()!;
  const alias = aliases[key] ?? aliases[short];
  if (alias) return table[alias];
  throw new Error(`unknown simulated ${what} '${name}' (known: ${Object.keys(table).join(', ')})`);
}

export const gpuSpec = (name: string) => lookup(GPUS, GPU_ALIASES, name, 'GPU');
export const modelSpec = (name: string) => lookup(MODELS, MODEL_ALIASES, name, 'model');
