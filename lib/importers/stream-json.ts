/**
 * Streaming reader for large JSON result files (one object, or several concatenated objects as
 * vLLM --append-result writes), built on @streamparser/json's tokenizer. Top-level keys listed in
 * `streamed` whose value is an array are delivered element by element (each element assembled on
 * its own and then dropped), so the big per-request arrays of a vLLM detailed result are never
 * held as a whole; every other top-level value is assembled normally. Python's NaN / Infinity /
 * -Infinity literals outside strings become the same sentinel strings as in readJson().
 * Errors are ImportErrors naming the file and line.
 */
import { Tokenizer } from '@streamparser/json';
import { MAX_JSON_DEPTH } from '@/lib/json-limits';
import { PY_INF, PY_NAN, PY_NINF } from './common';
import { ImportError } from './types';

/** Token types of @streamparser/json (utils/types/tokenType). */
const T = {
  LBRACE: 0,
  RBRACE: 1,
  LBRACKET: 2,
  RBRACKET: 3,
  COLON: 4,
  COMMA: 5,
  TRUE: 6,
  FALSE: 7,
  NULL: 8,
  STRING: 9,
  NUMBER: 10,
  SEPARATOR: 11,
} as const;

/** Rewrites bare NaN/Infinity/-Infinity (outside strings) into sentinel strings, chunk by chunk. */
export class PythonLiteralFilter {
  private inStr = false;
  private escapeNext = false;
  private carry = '';

  write(chunk: string): string {
    const s = this.carry ? this.carry + chunk : chunk;
    this.carry = '';
    let out = '';
    let last = 0;
    let i = 0;
    if (this.escapeNext) {
      i = 1;
      this.escapeNext = false;
    }
    // Next positions of the characters that matter, recomputed only once passed (linear overall).
    let q = -2;
    let b = -2;
    let n = -2;
    let inf = -2;
    const next = (cached: number, ch: string) => (cached === -1 || cached >= i ? cached : s.indexOf(ch, i));
    let end = s.length;
    while (i < s.length) {
      if (this.inStr) {
        q = next(q, '"');
        b = next(b, '\\');
        const j = q === -1 ? b : b === -1 ? q : Math.min(q, b);
        if (j === -1) break;
        if (j === b) {
          if (j + 1 >= s.length) {
            this.escapeNext = true;
            break;
          }
          i = j + 2;
        } else {
          this.inStr = false;
          i = j + 1;
        }
        continue;
      }
      q = next(q, '"');
      n = next(n, 'N');
      inf = next(inf, 'I');
      const cands = [q, n, inf].filter((x) => x >= 0);
      if (!cands.length) {
        if (s.endsWith('-')) end = s.length - 1; // maybe "-Infinity" split across chunks
        break;
      }
      const j = Math.min(...cands);
      if (j === q) {
        this.inStr = true;
        i = j + 1;
        continue;
      }
      const word = j === n ? 'NaN' : 'Infinity';
      if (s.startsWith(word, j)) {
        const neg = word === 'Infinity' && j > last && s[j - 1] === '-';
        out += s.slice(last, neg ? j - 1 : j) + JSON.stringify(word === 'NaN' ? PY_NAN : neg ? PY_NINF : PY_INF);
        last = i = j + word.length;
      } else if (s.length - j < word.length && word.startsWith(s.slice(j))) {
        end = j > last && s[j - 1] === '-' ? j - 1 : j; // split literal: finish it with the next chunk
        break;
      } else i = j + 1; // not a literal: the tokenizer reports it
    }
    if (last === 0 && end === s.length) return s; // nothing replaced or held back: no copy
    this.carry = s.slice(Math.max(end, last));
    return out + s.slice(last, Math.max(end, last));
  }

  end(): string {
    const c = this.carry;
    this.carry = '';
    return c;
  }
}

export interface TopLevelHandlers {
  /** Top-level keys whose array value is delivered element by element. */
  streamed: ReadonlySet<string>;
  onDocStart(index: number, line: number): void;
  /** A complete top-level value (also a streamed key whose value is not an array). */
  onKey(key: string, value: unknown): void;
  /** One element of a streamed array. */
  onItem(key: string, index: number, value: unknown): void;
  /** A streamed array ended (`count` elements). */
  onStreamEnd(key: string, count: number): void;
  onDocEnd(index: number): void;
}

type Expect = 'value' | 'value_or_end' | 'key' | 'key_or_end' | 'colon' | 'comma_or_end';
interface Frame {
  kind: 'root' | 'obj' | 'arr' | 'stream';
  value?: Record<string, unknown> | unknown[];
  key?: string;
  expect: Expect;
  count: number;
}

/** obj[key] = v as JSON.parse does it: a "__proto__" key becomes an own property, never the prototype. */
function setOwn(obj: Record<string, unknown>, key: string, v: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
  else obj[key] = v;
}

/** Reads one or more top-level JSON objects from text chunks. Returns the number of documents. */
export function streamTopLevelObjects(name: string, chunks: Iterable<string>, h: TopLevelHandlers): number {
  const filter = new PythonLiteralFilter();
  const tokenizer = new Tokenizer({ separator: '', numberBufferSize: 64 });
  const stack: Frame[] = [];
  let docs = 0;
  let line = 1; // line at the start of the chunk being tokenized
  let chunk = '';
  let docLine = 1;
  let tokenOffsetBase = 0; // byte offset of the current chunk in the tokenizer's stream

  // Line numbers for errors and document starts: newlines are counted incrementally from a cursor
  // in the current chunk (byte offsets equal string offsets for ASCII chunks, the common case).
  let ascii = true;
  let curChar = 0;
  let curLine = 1;
  const lineAt = (absByte: number) => {
    const rel = Math.max(0, absByte - tokenOffsetBase);
    if (!ascii) {
      const before = Buffer.from(chunk).subarray(0, rel).toString('utf8');
      let l = line;
      for (let k = before.indexOf('\n'); k !== -1; k = before.indexOf('\n', k + 1)) l++;
      return l;
    }
    if (rel < curChar) {
      curChar = 0;
      curLine = line;
    }
    for (let k = chunk.indexOf('\n', curChar); k !== -1 && k < rel; k = chunk.indexOf('\n', k + 1)) curLine++;
    curChar = rel;
    return curLine;
  };
  const fail = (reason: string, absByte?: number): never => {
    throw new ImportError(name, absByte !== undefined ? `line ${lineAt(absByte)}` : `line ${docLine}`, reason);
  };
  const top = () => stack[stack.length - 1];

  const complete = (v: unknown, at: number) => {
    if (typeof v === 'number' && !Number.isFinite(v))
      fail(`number out of range at key "${String(top()?.key ?? '').slice(0, 80)}" (overflows to infinity)`, at);
    const f = top();
    if (f.kind === 'root') h.onKey(f.key!, v);
    else if (f.kind === 'stream') h.onItem(f.key!, f.count++, v);
    else if (f.kind === 'obj') setOwn(f.value as Record<string, unknown>, f.key!, v);
    else (f.value as unknown[]).push(v);
    f.expect = 'comma_or_end';
    void at;
  };
  const expectValue = (at: number) => {
    const f = top();
    if (!f) return;
    if (f.expect !== 'value' && f.expect !== 'value_or_end') fail(`invalid JSON: unexpected value`, at);
  };

  tokenizer.onToken = ({ token, value, offset }) => {
    const f = top();
    switch (token) {
      case T.SEPARATOR:
        return;
      case T.LBRACE:
        if (!f) {
          stack.push({ kind: 'root', expect: 'key_or_end', count: 0 });
          docLine = lineAt(offset);
          h.onDocStart(docs, docLine);
          return;
        }
        expectValue(offset);
        if (stack.length >= MAX_JSON_DEPTH)
          fail(`JSON nested deeper than ${MAX_JSON_DEPTH} levels; the depth limit is ${MAX_JSON_DEPTH}`, offset);
        stack.push({ kind: 'obj', value: {}, expect: 'key_or_end', count: 0 });
        return;
      case T.LBRACKET:
        if (!f) fail('expected a JSON object at the top level, got an array', offset);
        expectValue(offset);
        if (stack.length >= MAX_JSON_DEPTH)
          fail(`JSON nested deeper than ${MAX_JSON_DEPTH} levels; the depth limit is ${MAX_JSON_DEPTH}`, offset);
        if (f.kind === 'root' && h.streamed.has(f.key!))
          stack.push({ kind: 'stream', key: f.key, expect: 'value_or_end', count: 0 });
        else stack.push({ kind: 'arr', value: [], expect: 'value_or_end', count: 0 });
        return;
      case T.RBRACE:
        if (!f || (f.kind !== 'root' && f.kind !== 'obj') || (f.expect !== 'key_or_end' && f.expect !== 'comma_or_end'))
          fail('invalid JSON: unexpected "}"', offset);
        stack.pop();
        if (f.kind === 'root') h.onDocEnd(docs++);
        else complete(f.value, offset);
        return;
      case T.RBRACKET:
        if (
          !f ||
          (f.kind !== 'arr' && f.kind !== 'stream') ||
          (f.expect !== 'value_or_end' && f.expect !== 'comma_or_end')
        )
          fail('invalid JSON: unexpected "]"', offset);
        stack.pop();
        if (f.kind === 'stream') {
          h.onStreamEnd(f.key!, f.count);
          top().expect = 'comma_or_end';
        } else complete(f.value, offset);
        return;
      case T.COLON:
        if (!f || f.expect !== 'colon') fail('invalid JSON: unexpected ":"', offset);
        f.expect = 'value';
        return;
      case T.COMMA:
        if (!f || f.expect !== 'comma_or_end') fail('invalid JSON: unexpected ","', offset);
        f.expect = f.kind === 'root' || f.kind === 'obj' ? 'key' : 'value';
        return;
      case T.STRING:
        if (f && (f.kind === 'root' || f.kind === 'obj') && (f.expect === 'key' || f.expect === 'key_or_end')) {
          f.key = value as string;
          f.expect = 'colon';
          return;
        }
      // falls through: a string value
      default:
        if (!f) fail('expected a JSON object at the top level', offset);
        expectValue(offset);
        complete(token === T.TRUE ? true : token === T.FALSE ? false : token === T.NULL ? null : value, offset);
    }
  };

  const feed = (text: string) => {
    if (!text) return;
    chunk = text;
    const bytes = Buffer.byteLength(text);
    ascii = bytes === text.length;
    curChar = 0;
    curLine = line;
    try {
      tokenizer.write(text);
    } catch (e) {
      if (e instanceof ImportError) throw e;
      const m = /chunk position "(\d+)"/.exec((e as Error).message);
      const rel = m ? Number(m[1]) : undefined;
      const bad =
        rel !== undefined
          ? Buffer.from(text)
              .subarray(rel, rel + 1)
              .toString()
          : '';
      fail(
        `invalid JSON: unexpected ${bad ? JSON.stringify(bad) : 'token'}`,
        rel !== undefined ? tokenOffsetBase + rel : undefined,
      );
    }
    tokenOffsetBase += bytes;
    for (let k = text.indexOf('\n'); k !== -1; k = text.indexOf('\n', k + 1)) line++;
  };
  for (const c of chunks) feed(filter.write(c));
  feed(filter.end());
  try {
    tokenizer.end();
  } catch (e) {
    fail(`truncated JSON (${(e as Error).message})`);
  }
  if (stack.length)
    throw new ImportError(name, `line ${docLine}`, 'truncated JSON: document starting here is not closed');
  if (!docs) throw new ImportError(name, undefined, 'file is empty (no JSON document)');
  return docs;
}
