/** The trace parser: values of a small committed fixture, both layouts, and every refusal naming file/line/column. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAzureTimestamp, parseTrace, TraceParseError } from '@/lib/workloads/parse';

const FIX = path.join(__dirname, '../fixtures/workloads');
const read = (n: string) => fs.readFileSync(path.join(FIX, n), 'utf8');
const HEADER = 'TIMESTAMP,ContextTokens,GeneratedTokens';

function refusal(text: string, limits?: { maxBytes?: number; maxRows?: number }): TraceParseError {
  try {
    parseTrace(text, 'bad.csv', limits);
  } catch (e) {
    expect(e).toBeInstanceOf(TraceParseError);
    return e as TraceParseError;
  }
  throw new Error('expected a refusal');
}

describe('parseTrace', () => {
  it('reads the Azure layout: arrival seconds from the first request (sub-ms kept), lengths, start time', () => {
    const t = parseTrace(read('azure-small.csv'), 'azure-small.csv');
    expect(t.format).toBe('azure');
    expect(t.startedAt).toBe('2023-11-16T18:15:46.680Z');
    expect(t.requests.map((r) => r.atS)).toEqual([0, 4.314579, 4.541877, 14.31941, 60]);
    expect(t.requests.map((r) => r.inputTokens)).toEqual([374, 396, 879, 91, 1200]);
    expect(t.requests.map((r) => r.outputTokens)).toEqual([44, 109, 55, 16, 300]);
    expect(t.durationS).toBe(60);
  });

  it('reads the plain layout (CRLF), sorts by arrival and rebases to the first request', () => {
    const t = parseTrace(read('plain-unsorted.csv'), 'plain-unsorted.csv');
    expect(t.format).toBe('plain');
    expect(t.startedAt).toBeUndefined();
    expect(t.requests).toEqual([
      { atS: 0, inputTokens: 50, outputTokens: 10 },
      { atS: 0.5, inputTokens: 100, outputTokens: 20 },
      { atS: 2.25, inputTokens: 400, outputTokens: 80 },
    ]);
  });

  it('accepts the columns in any order and extra columns', () => {
    const t = parseTrace('GeneratedTokens,x,TIMESTAMP,ContextTokens\n7,a,2023-01-01 00:00:01,3\n', 'f.csv');
    expect(t.requests).toEqual([{ atS: 0, inputTokens: 3, outputTokens: 7 }]);
  });

  it('parses Azure timestamps as UTC with 7-digit fractions', () => {
    expect(parseAzureTimestamp('2023-11-16 18:15:46.6805900')).toBeCloseTo(
      Date.UTC(2023, 10, 16, 18, 15, 46) + 680.59,
      6,
    );
    expect(parseAzureTimestamp('2023-11-16 18:15:46')).toBe(Date.UTC(2023, 10, 16, 18, 15, 46));
    expect(parseAzureTimestamp('2023-13-16 18:15:46')).toBeUndefined();
    expect(parseAzureTimestamp('yesterday')).toBeUndefined();
  });

  it('refuses an unknown header, naming line 1 and the expected columns', () => {
    const e = refusal('time,in,out\n1,2,3\n');
    expect(e.message).toMatch(/^bad\.csv:1: header must name the columns TIMESTAMP,ContextTokens,GeneratedTokens/);
  });

  it('refuses bad values naming the line and the column', () => {
    expect(refusal(`${HEADER}\n2023-11-16 18:15:46,1,1\nnot-a-time,5,5\n`).message).toBe(
      'bad.csv:3 (column TIMESTAMP): "not-a-time" is not a timestamp like 2023-11-16 18:15:46.68',
    );
    expect(refusal(`${HEADER}\n2023-11-16 18:15:46,12.5,1\n`).message).toBe(
      'bad.csv:2 (column ContextTokens): "12.5" is not a whole number of tokens',
    );
    expect(refusal(`${HEADER}\n2023-11-16 18:15:46,3,0\n`).message).toBe(
      'bad.csv:2 (column GeneratedTokens): a request has at least 1 token (got 0)',
    );
    expect(refusal(`${HEADER}\n2023-11-16 18:15:46,3\n`).message).toBe('bad.csv:2: expected 3 columns, found 2');
    expect(refusal('atS,inputTokens,outputTokens\n-1,2,3\n').message).toBe(
      'bad.csv:2 (column atS): "-1" is not a time in seconds >= 0',
    );
  });

  it('refuses an empty trace and input over the limits (rows, bytes)', () => {
    expect(refusal(`${HEADER}\n\n`).message).toBe('bad.csv: no requests after the header');
    const rows = Array.from({ length: 4 }, (_, i) => `${i},1,1`).join('\n');
    expect(refusal(`atS,inputTokens,outputTokens\n${rows}\n`, { maxRows: 3 }).message).toBe(
      'bad.csv:5: more than 3 requests (the limit of one trace)',
    );
    expect(refusal(`${HEADER}\n`.padEnd(3 * 1024 * 1024, ' '), { maxBytes: 2 * 1024 * 1024 }).message).toBe(
      'bad.csv: file is larger than 2 MB',
    );
  });
});
