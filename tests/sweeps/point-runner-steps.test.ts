/**
 * The named steps of the point runner (lib/executors/point-runner.ts, point-job.ts): how a
 * harness's end becomes exit.json (first cause first), each server kind's health path, reading
 * point.json, and the job directory's record and log tail.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { harnessOutcome, healthPath, readPointSpec, withGpu, type HarnessEnd } from '@/lib/executors/point-runner';
import { lastLines, openJob, saveRecord } from '@/lib/executors/point-job';
import { JOB_FILES, type PointSpec } from '@/lib/executors/point-spec';

const spec = { timeoutS: 60, server: { kind: 'sim' } } as PointSpec;
const end = (o: Partial<HarnessEnd>): HarnessEnd => ({
  cancelled: null,
  timedOut: false,
  serverExit: null,
  code: 0,
  sig: null,
  stdout: '{}',
  gpu: undefined,
  ...o,
});
const tail = () => 'boom';

describe('harnessOutcome', () => {
  it('is null (ok) when the harness exited 0 and nothing else happened', () => {
    expect(harnessOutcome(end({}), spec, tail)).toBeNull();
  });

  it('puts a cancel before a time-out before a crash before the exit code', () => {
    const all = { cancelled: 'cancelled (SIGTERM)', timedOut: true, serverExit: 'exited with code 1', code: 1 };
    expect(harnessOutcome(end(all), spec, tail)).toMatchObject({ status: 'cancelled', reason: 'cancelled (SIGTERM)' });
    expect(harnessOutcome(end({ ...all, cancelled: null }), spec, tail)?.reason).toBe('point timed out after 60 s');
    expect(harnessOutcome(end({ ...all, cancelled: null, timedOut: false }), spec, tail)?.reason).toBe(
      'inference server crashed during the measurement (exited with code 1)',
    );
    expect(harnessOutcome(end({ code: 2 }), spec, tail)).toMatchObject({
      status: 'failed',
      reason: 'harness exited with code 2: boom',
      harness_exit: 2,
    });
    expect(harnessOutcome(end({ code: null, sig: 'SIGKILL' }), spec, tail)?.reason).toBe(
      'harness killed by SIGKILL: boom',
    );
  });

  it('adds what the point runner did about the GPU settings, not what the harness did', () => {
    expect(withGpu('x', { status: 'restored', by: 'point runner', detail: 'restored 2 settings' })).toBe(
      'x; restored 2 settings',
    );
    expect(withGpu('x', { status: 'restored', by: 'harness', detail: 'by the harness' })).toBe('x');
  });
});

describe('point runner inputs and files', () => {
  it('probes each server kind at its health path', () => {
    expect(healthPath({ kind: 'vllm' })).toBe('/health');
    expect(healthPath({ kind: 'sim' })).toBe('/v1/models');
    expect(healthPath({ kind: 'custom', argv: ['x'], health_path: '/ready' })).toBe('/ready');
  });

  it('says why point.json cannot be used', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-point-'));
    const job = { file: (f: string) => path.join(dir, f) };
    expect(readPointSpec(job)).toMatch(/^cannot read point\.json: ENOENT/);
    fs.writeFileSync(job.file(JOB_FILES.spec), JSON.stringify({ version: 1 }));
    expect(readPointSpec(job)).toMatch(/^invalid point\.json: /);
  });

  it('writes exit.json once, keeps only a JSON object as the record, and tails the log without its own lines', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-point-'));
    const job = openJob(dir);
    expect(() => saveRecord(job, '[1]')).toThrow(/not a JSON object/);
    saveRecord(job, '{"a":1}');
    expect(JSON.parse(fs.readFileSync(job.file(JOB_FILES.record), 'utf8'))).toEqual({ a: 1 });
    fs.appendFileSync(job.file(JOB_FILES.log), 'harness said this\n');
    expect(job.finish({ status: 'failed', reason: 'r' })).toBe(1);
    expect(job.finish({ status: 'ok' })).toBe(0); // a second call does not rewrite exit.json
    job.close();
    expect(JSON.parse(fs.readFileSync(job.file(JOB_FILES.exit), 'utf8')).status).toBe('failed');
    expect(lastLines(job.file(JOB_FILES.log))).toBe('harness said this');
  });
});
