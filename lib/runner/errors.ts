/** Errors of the measurement harness; the CLI maps them to messages and exit codes. */
export class MeasureError extends Error {
  exitCode = 1;
}
/** The run was cancelled (signal); knobs were restored. Exit 130 (SIGINT) or 143 (SIGTERM). */
export class CancelledError extends MeasureError {
  constructor(readonly signalName: string = 'cancel') {
    super(`measurement cancelled (${signalName}); GPU settings restored`);
    this.exitCode = signalName === 'SIGINT' ? 130 : 143;
  }
}
export class EndpointError extends MeasureError {}
export class ServerDiedError extends MeasureError {}
export class PowerSourceError extends MeasureError {}
export class KnobError extends MeasureError {}
export class OptionError extends MeasureError {
  constructor(msg: string) {
    super(msg);
    this.exitCode = 2;
  }
}

export const errMsg = (e: unknown) => (e instanceof Error ? e.message : String(e));
