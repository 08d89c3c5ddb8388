/**
 * Text readers shared by importers: JSON with line numbers in errors, Python's NaN/Infinity
 * literals, several concatenated JSON documents (vLLM --append-result), JSON Lines, and CSV.
 * Lines are iterated with indexOf (no split) so large JSONL/CSV files are not copied into an
 * array of lines.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { JsonLimitError, parseJsonLimited } from '@/lib/json-limits';
import { PY_INF, PY_NAN, PY_NINF } from './common';
import { ImportError, type TextSource } from './types';

export function lineOf(text: string, pos: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Turns a JSON.parse error into "line N: message". */
function jsonWhere(text: string, e: unknown, lineOffset = 0): { where: string; reason: string } {
  const msg = (e as Error).message;
  const m = /position (\d+)/.exec(msg);
  const lm = /line (\d+) column (\d+)/.exec(msg);
  const line = lm ? Number(lm[1]) : m ? lineOf(text, Number(m[1])) : undefined;
  const reason = /Unexpected end of JSON input|Unterminated/.test(msg)
    ? `truncated JSON (${msg})`
    : `invalid JSON: ${msg}`;
  return {
    where: line !== undefined ? `line ${line + lineOffset}` : lineOffset ? `line ${lineOffset + 1}` : '',
    reason,
  };
}

/** Replaces bare NaN/Infinity/-Infinity tokens (outside strings) with sentinel strings. */
function replacePythonLiterals(text: string): string | undefined {
  if (!/NaN|Infinity/.test(text)) return undefined;
  let out = '';
  let last = 0;
  let inStr = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inStr) {
      if (c === 92)
        i++; // backslash
      else if (c === 34) inStr = false;
      continue;
    }
    if (c === 34) inStr = true;
    else if (c === 78 && text.startsWith('NaN', i)) {
      out += text.slice(last, i) + `"${PY_NAN}"`;
      last = i += 3;
      i--;
    } else if (c === 73 && text.startsWith('Infinity', i)) {
      const neg = text[i - 1] === '-';
      out += text.slice(last, neg ? i - 1 : i) + `"${neg ? PY_NINF : PY_INF}"`;
      last = i += 8;
      i--;
    }
  }
  return last ? out + text.slice(last) : undefined;
}

export function readJson(name: string, text: string, lineOffset = 0): unknown {
  const limited = (t: string) => {
    try {
      return parseJsonLimited(t); // depth limit, 1e400 is an error (lib/json-limits.ts)
    } catch (e) {
      if (e instanceof JsonLimitError)
        throw new ImportError(name, lineOffset ? `line ${lineOffset + 1}` : undefined, e.message);
      throw e;
    }
  };
  try {
    return limited(text);
  } catch (e) {
    if (e instanceof ImportError) throw e;
    const fixed = replacePythonLiterals(text);
    if (fixed !== undefined) {
      try {
        return limited(fixed);
      } catch (e2) {
        if (e2 instanceof ImportError) throw e2;
        /* report the original error */
      }
    }
    const { where, reason } = jsonWhere(text, e, lineOffset);
    throw new ImportError(name, where || undefined, reason);
  }
}

/** Cheap guess used by detectors: parses small files, otherwise only inspects the head. */
export function jsonHead(text: string, n = 4000): string {
  return text.slice(0, n);
}

/**
 * One JSON document, or several concatenated/line-separated documents (vLLM --append-result,
 * SGLang JSONL). Returns each with the line it starts on.
 */
export function readJsonDocs(name: string, text: string): { value: unknown; line: number }[] {
  const t = text.trim();
  if (!t) throw new ImportError(name, undefined, 'file is empty');
  try {
    return [{ value: parseJsonLimited(t), line: 1 }];
  } catch (e) {
    if (e instanceof JsonLimitError) throw new ImportError(name, undefined, e.message);
    /* fall through: several documents, or an error we locate below */
  }
  // Split at depth 0 by scanning braces/brackets outside strings.
  const docs: { value: unknown; line: number }[] = [];
  let depth = 0;
  let inStr = false;
  let start = -1;
  let line = 1;
  let startLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inStr) {
      if (c === 92) i++;
      else if (c === 34) inStr = false;
      continue;
    }
    if (c === 34) inStr = true;
    else if (c === 123 || c === 91) {
      if (depth++ === 0) {
        start = i;
        startLine = line;
      }
    } else if (c === 125 || c === 93) {
      if (--depth === 0) {
        docs.push({ value: readJson(name, text.slice(start, i + 1), startLine - 1), line: startLine });
        start = -1;
      } else if (depth < 0) throw new ImportError(name, `line ${line}`, 'invalid JSON: unbalanced closing bracket');
    } else if (depth === 0 && c > 32) {
      throw new ImportError(
        name,
        `line ${line}`,
        `invalid JSON: unexpected character ${JSON.stringify(text[i])} between documents`,
      );
    }
  }
  if (depth > 0)
    throw new ImportError(name, `line ${startLine}`, 'truncated JSON: document starting here is not closed');
  if (!docs.length) throw new ImportError(name, undefined, 'no JSON document found');
  return docs;
}

/** Iterates lines without building an array (handles CRLF). */
export function* lines(text: string): Generator<{ line: string; n: number }> {
  let pos = 0;
  let n = 0;
  while (pos <= text.length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    n++;
    let line = text.slice(pos, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (pos < text.length || line) yield { line, n };
    pos = end + 1;
  }
}

/** A line of a streamed file is held whole: this bounds it (a record line is a few KB). */
export const MAX_STREAM_LINE_CHARS = 64 * 2 ** 20;

/**
 * The lines of a chunked text source (Importer.parseStream), numbered from 1, without holding the
 * whole text: a line cut at a chunk boundary is joined with the rest of it. Handles CRLF.
 */
export function* sourceLines(name: string, src: TextSource): Generator<{ line: string; n: number }> {
  const strip = (l: string) => (l.endsWith('\r') ? l.slice(0, -1) : l);
  let carry = ''; // the start of a line cut at the end of the previous chunk(s)
  let n = 0;
  for (const chunk of src.chunks()) {
    // Only the new chunk is searched for line ends: a long line is not scanned again per chunk.
    let end = chunk.indexOf('\n');
    if (end === -1) {
      if (carry.length + chunk.length > MAX_STREAM_LINE_CHARS)
        throw new ImportError(
          name,
          `line ${n + 1}`,
          `line longer than ${MAX_STREAM_LINE_CHARS / 2 ** 20} M characters`,
        );
      carry += chunk;
      continue;
    }
    yield { line: strip(carry + chunk.slice(0, end)), n: ++n };
    let pos = end + 1;
    for (end = chunk.indexOf('\n', pos); end !== -1; end = chunk.indexOf('\n', pos)) {
      yield { line: strip(chunk.slice(pos, end)), n: ++n };
      pos = end + 1;
    }
    carry = chunk.slice(pos);
  }
  if (carry) yield { line: strip(carry), n: ++n };
}

/** JSON Lines: one object per non-empty line; errors name the line. */
export function readJsonLines(name: string, text: string): { value: unknown; line: number }[] {
  const out: { value: unknown; line: number }[] = [];
  for (const { line, n } of lines(text)) {
    if (!line.trim()) continue;
    out.push({ value: readJson(name, line, n - 1), line: n });
  }
  if (!out.length) throw new ImportError(name, undefined, 'file is empty');
  return out;
}

/** CSV rows as string arrays (handles quotes and CRLF); errors name the line. */
export function readCsvRows(name: string, text: string): { cells: string[]; line: number }[] {
  try {
    const recs = parseCsv(text.replace(/^\uFEFF/, ''), {
      relax_column_count: true,
      skip_empty_lines: false,
      info: true,
      bom: true,
    }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    return recs.map((r) => ({ cells: r.record, line: r.info.lines }));
  } catch (e) {
    const m = /line (\d+)/i.exec((e as Error).message);
    throw new ImportError(name, m ? `line ${m[1]}` : undefined, `invalid CSV: ${(e as Error).message}`);
  }
}

/** CSV with a header row -> objects keyed by header name (matched by name, never position). */
export function readCsvObjects(
  name: string,
  text: string,
): { header: string[]; rows: { obj: Record<string, string>; line: number }[] } {
  const rows = readCsvRows(name, text).filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (!rows.length) throw new ImportError(name, undefined, 'file is empty');
  const header = rows[0].cells.map((h) => h.trim());
  const out = rows.slice(1).map(({ cells, line }) => {
    if (cells.length > header.length)
      throw new ImportError(
        name,
        `line ${line}`,
        `row has ${cells.length} columns but the header has ${header.length}`,
      );
    const obj: Record<string, string> = Object.create(null); // keyed by the file's header: no prototype to reach
    header.forEach((h, i) => (obj[h] = (cells[i] ?? '').trim()));
    return { obj, line };
  });
  return { header, rows: out };
}
