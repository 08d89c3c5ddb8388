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

/**
 * The vLLM and SGLang commands, for `joulebench measure --server-cmd vllm|sglang` and sweep points
 * of kind vllm/sglang alike. Each option is a flag followed by one placeholder, so that a sweep can
 * leave out a flag whose knob it does not set (the engine's default applies).
 */
export const PRESETS: Record<'vllm' | 'sglang', string[]> = {
  vllm: [
    'vllm',
    'serve',
    '{model}',
    '--host',
    '{host}',
    '--port',
    '{port}',
    '--tensor-parallel-size',
    '{tp}',
    '--max-num-seqs',
    '{max_num_seqs}',
  ],
  sglang: [
    'python3',
    '-m',
    'sglang.launch_server',
    '--model-path',
    '{model}',
    '--host',
    '{host}',
    '--port',
    '{port}',
    '--tp-size',
    '{tp}',
    '--max-running-requests',
    '{max_num_seqs}',
  ],
};

/** Whether `spec` names a preset (a plain `in` would also accept 'constructor'). */
export function isPreset(spec: string): spec is keyof typeof PRESETS {
  return Object.hasOwn(PRESETS, spec);
}

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

export type FillOptions = {
  /** Leave out a `--flag {placeholder}` pair whose placeholder has no value (else: an error). */
  omitUnsetFlags?: boolean;
  /** The error message for a placeholder with no value. */
  missing?: (name: string) => string;
};

const cliMissing = (name: string) =>
  `placeholder {${name}} in the server command has no value (pass --${name.replace(/_/g, '-')})`;

/** The template with every placeholder replaced, token by token (never through a shell). */
export function fillTemplate(
  argv: readonly string[],
  values: Partial<Record<Placeholder, string | number>>,
  opts: FillOptions = {},
): string[] {
  validateTemplate(argv);
  const has = (name: string) => {
    const v = values[name as Placeholder];
    return v !== undefined && v !== '';
  };
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    const lone = next !== undefined ? /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(next) : null;
    if (opts.omitUnsetFlags && argv[i].startsWith('--') && lone && !has(lone[1])) {
      i++; // skip the flag and its placeholder
      continue;
    }
    out.push(
      argv[i].replace(PLACEHOLDER_RE, (_, name: string) => {
        if (!has(name)) throw new Error((opts.missing ?? cliMissing)(name));
        return String(values[name as Placeholder]);
      }),
    );
  }
  return out;
}

/** A preset name, or a JSON array of strings. */
export function parseTemplate(spec: string): string[] {
  if (isPreset(spec)) return PRESETS[spec];
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
