/**
 * Measurement step 4 (and its undo): GPU knobs with a restore file. Before any change the
 * originals go to the restore file, so that a SIGKILLed run can be undone by whoever finds it; a
 * restore that fails keeps the file (with the failure noted) and is a RestoreError.
 */
import path from 'node:path';
import type { MeasureOptions } from '../measure';
import { applyKnobs, SmiKnobs, SimKnobs, type AppliedKnobs, type KnobController, type KnobPlan } from '../knobs';
import {
  defaultRestoreDir,
  describeOutcome,
  readRestoreFile,
  recoverStale,
  removeRestoreFile,
  restoreFromFile,
  stateFromPlan,
  writeRestoreFile,
  type RestoreOutcome,
} from '../knobs/restore-file';
import type { PowerSource } from '../power/types';
import { KnobError, RestoreError, errMsg } from '../errors';
import { simReachable, type EndpointInfo } from './endpoint';
import { sourceSmiPath } from './power';

/** Where the run keeps its restore file, what the device is, and where to log. */
export type RestoreContext = { restoreFile: string; simUrl?: string; log: (msg: string) => void };

export function changesKnobs(o: Pick<MeasureOptions, 'smClock' | 'powerLimitW'>): boolean {
  return !!(o.smClock || o.powerLimitW !== undefined);
}

/** Whether `file` is this process's restore file (never remove another run's). */
export function ownsRestoreFile(file: string): boolean {
  try {
    return readRestoreFile(file)?.pid === process.pid;
  } catch {
    return false;
  }
}

/**
 * A previous run killed before it restored GPU settings left its restore file: restore from it
 * first. A run that changes knobs refuses to start while such settings cannot be restored.
 */
export async function recoverPrevious(o: MeasureOptions, log: (m: string) => void) {
  let found: RestoreOutcome[];
  if (o.restoreFile) {
    const r = await restoreFromFile(path.resolve(o.restoreFile), { log });
    found = r.status === 'none' ? [] : [r];
  } else found = await recoverStale(defaultRestoreDir(), { log });
  for (const r of found) {
    if (r.status === 'restored' || r.status === 'moot') {
      log(`a previous run was killed before it restored GPU settings (${r.file}): ${describeOutcome(r, 'this run')}`);
      continue;
    }
    const msg =
      r.status === 'busy'
        ? `restore file ${r.file} belongs to a run that is still going: ${r.detail}`
        : `a previous run left GPU settings changed (${r.file}): ${describeOutcome(r, 'this run')}`;
    if (changesKnobs(o)) throw new KnobError(`${msg}; not changing any GPU setting`);
    log(`WARNING: ${msg}`);
  }
}

/** nvidia-smi when one is named or used for power, else the simulated device's own API. */
export function knobController(
  o: MeasureOptions,
  source: PowerSource | null,
  simUrl: string | undefined,
): KnobController {
  const smiPath = o.nvidiaSmi ?? sourceSmiPath(source);
  if (smiPath) return new SmiKnobs(smiPath);
  return simUrl ? new SimKnobs(simUrl) : new SmiKnobs('nvidia-smi');
}

/** Applies --sm-clock / --power-limit, writing the restore file first. */
export async function applyRunKnobs(
  o: MeasureOptions,
  endpoint: EndpointInfo,
  source: PowerSource | null,
  gpus: number[],
  rc: RestoreContext,
): Promise<AppliedKnobs> {
  const controller = knobController(o, source, rc.simUrl);
  const beforeChange = (plan: KnobPlan) => {
    try {
      writeRestoreFile(rc.restoreFile, stateFromPlan(plan, controller, { simulated: !!endpoint.sim, url: rc.simUrl }));
    } catch (e) {
      throw new KnobError(
        `cannot write the GPU restore file ${rc.restoreFile} (${errMsg(e)}): not changing any GPU setting (give a writable --restore-file or JOULEBENCH_RESTORE_DIR)`,
      );
    }
    rc.log(`original GPU settings saved to ${rc.restoreFile}`);
  };
  try {
    return await applyKnobs(controller, { gpus, smClock: o.smClock, powerLimitW: o.powerLimitW }, rc.log, {
      beforeChange,
    });
  } catch (e) {
    // A refused change was undone by applyKnobs; when that undo failed too, keep the file.
    if (e instanceof RestoreError) throw (await keepOrDrop(rc, e.problems, e.earlier)) ?? e.earlier ?? e;
    // Nothing is left changed: drop our restore file (if it was written).
    if (ownsRestoreFile(rc.restoreFile)) removeRestoreFile(rc.restoreFile);
    throw e;
  }
}

/**
 * Puts the knobs back. A setting that cannot be put back is an error of its own (exit 3),
 * combined with any earlier one, and the restore file stays for a later `--recover`.
 */
export async function restoreRunKnobs(
  knobs: AppliedKnobs,
  rc: RestoreContext,
  earlier: Error | undefined,
): Promise<RestoreError | null> {
  const problems = await knobs.restore();
  for (const p of problems) rc.log(`ERROR: could not restore a GPU setting: ${p}`);
  if (problems.length) return keepOrDrop(rc, problems, earlier);
  removeRestoreFile(rc.restoreFile);
  return null;
}

/** After a failed restore: the error to throw, or null when the simulated device is simply gone. */
export async function keepOrDrop(
  rc: RestoreContext,
  problems: string[],
  earlier: Error | undefined,
): Promise<RestoreError | null> {
  if (rc.simUrl && !(await simReachable(rc.simUrl))) {
    // The simulated GPU vanished with its server; a new one starts at default settings.
    rc.log('the simulated device is gone: nothing left to restore');
    removeRestoreFile(rc.restoreFile);
    return null;
  }
  try {
    const s = readRestoreFile(rc.restoreFile);
    if (s) writeRestoreFile(rc.restoreFile, { ...s, last_error: problems.join('; ') });
  } catch (e) {
    rc.log(`could not note the failure in ${rc.restoreFile}: ${errMsg(e)}`);
  }
  return new RestoreError(problems, earlier, rc.restoreFile);
}
