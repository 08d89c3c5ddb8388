/**
 * Inference-server command templates: argv arrays (never shell strings) with {placeholders}.
 * Unknown placeholders are rejected, as are placeholders that have no value. The one placeholder
 * list for `joulebench measure --server-cmd` and sweep points (lib/executors/point-runner.ts).
 */
export const PLACEHOLDERS = ['model', 'port', 'tp', 'max_num_seqs', 'host', 'gpus', 'pp', 'dtype'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
/** The placeholders a sweep point fills ({pp} and {dtype} have no sweep knob). */
export type SweepPlaceholder = Exclude<Placeholder, 'pp' | 'dtype'>;
export const SWEEP_PLACEHOLDERS = PLACEHOLDERS.filter((p): p is SweepPlaceholder => p !== 'pp' && p !== 'dtype');
/** `{name}` with name = letters, digits, _ (so JSON such as {"a":1} in a token is left alone). */
export const PLACEHOLDER_RE = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export const PRESETS: Record<string, string[]> = {
  vllm: [
    'vllm',
    'serve',
    '{model}',
    '--tensor-parallel-size',
    '{tp}',
    '--max-num-seqs',
    '{max_num_seqs}',
    '--port',
    '{port}',
  ],
  sglang: [
    'python3',
    '-m',
    'sglang.launch_server',
    '--model-path',
    '{model}',
    '--tp-size',
    '{tp}',
    '--max-running-requests',
    '{max_num_seqs}',
    '--port',
    '{port}',
  ],
};

export function placeholdersIn(argv: readonly string[]): string[] {
  const out = new Set<string>();
  for (const a of argv) for (const m of a.matchAll(PLACEHOLDER_RE)) out.add(m[1]);
  return [...out];
}

/** Rejects unknown placeholders; call when a template is defined (e.g. a sweep is created). */
export function validateTemplate(argv: readonly string[]) {
  if (!argv.length) throw new Error('server command is empty');
  const bad = placeholdersIn(argv).filter((p) => !(PLACEHOLDERS as readonly string[]).includes(p));
  if (bad.length)
    throw new Error(
      `unknown placeholder${bad.length > 1 ? 's' : ''} ${bad.map((b) => `{${b}}`).join(', ')} in server command (known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(' ')})`,
    );
}

export function fillTemplate(argv: readonly string[], values: Partial<Record<Placeholder, string | number>>): string[] {
  validateTemplate(argv);
  return argv.map((a) =>
    a.replace(PLACEHOLDER_RE, (_, name: Placeholder) => {
      const v = values[name];
      if (v === undefined || v === '')
        throw new Error(`placeholder {${name}} in the server command has no value (pass --${name.replace(/_/g, '-')})`);
      return String(v);
    }),
  );
}

/** A preset name, or a JSON array of strings. */
export function parseTemplate(spec: string): string[] {
  if (PRESETS[spec]) return PRESETS[spec];
  let v: unknown;
  try {
    v = JSON.parse(spec);
  } catch {
    throw new Error(
      `server command must be a preset (${Object.keys(PRESETS).join(', ')}) or a JSON array of strings, e.g. '["vllm","serve","{model}"]'`,
    );
  }
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
    throw new Error('server command must be a JSON array of strings');
  validateTemplate(v);
  return v;
}
