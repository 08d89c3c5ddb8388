/** Errors of the measurement harness; the CLI maps them to messages and exit codes. */
export class MeasureError extends Error {
  exitCode = 1;
}
/**
 * The run was cancelled (signal). Exit 130 (SIGINT) or 143 (SIGTERM). `outcome` says what happened
 * to the GPU settings ("GPU settings restored", "no GPU settings were changed"); a cancelled run
 * whose settings could NOT be restored ends with a RestoreError instead.
 */
export class CancelledError extends MeasureError {
  constructor(
    readonly signalName: string = 'cancel',
    outcome?: string,
  ) {
    super(`measurement cancelled (${signalName})${outcome ? `; ${outcome}` : ''}`);
    this.exitCode = signalName === 'SIGINT' ? 130 : 143;
  }
}
export class EndpointError extends MeasureError {}
export class ServerDiedError extends MeasureError {}
export class PowerSourceError extends MeasureError {}
export class KnobError extends MeasureError {
  /** The change was refused as a whole (no permission, unsupported, invalid value): nothing changed. */
  nothingChanged = false;
  refused(): this {
    this.nothingChanged = true;
    return this;
  }
}
/**
 * GPU settings the harness changed could not be put back (exit 3). `problems` name each setting
 * and GPU; `earlier` is the error that ended the run before the restore, if any (a cancel included).
 */
export class RestoreError extends MeasureError {
  constructor(
    readonly problems: string[],
    readonly earlier?: Error,
    readonly restoreFile?: string,
  ) {
    const before = earlier
      ? `${earlier instanceof CancelledError ? `measurement cancelled (${earlier.signalName})` : earlier.message}; in addition, `
      : '';
    super(
      `${before}GPU settings NOT restored: ${problems.join('; ')}${restoreFile ? ` (the originals are kept in ${restoreFile}: \`joulebench measure --recover ${restoreFile}\` retries the restore)` : ''}`,
    );
    this.exitCode = 3;
  }
}
export class OptionError extends MeasureError {
  constructor(msg: string) {
    super(msg);
    this.exitCode = 2;
  }
}

export const errMsg = (e: unknown) => (e instanceof Error ? e.message : String(e));
