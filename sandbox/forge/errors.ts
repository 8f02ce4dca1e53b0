/** Errors the emulator itself raises (as opposed to the platform errors it imitates). */

/** Raised into every platform call of an invocation after a `crashAfterWrites` fault fired. */
export class SimulatedCrash extends Error {
  override readonly name = 'SimulatedCrash';
  constructor(
    readonly invocationId: string,
    readonly afterWrites: number,
  ) {
    super(`Simulated crash of invocation ${invocationId} after ${afterWrites} write(s)`);
  }
}

/** Raised into platform calls made by an invocation that already ran past its timeoutSeconds. */
export class InvocationTimedOut extends Error {
  override readonly name = 'InvocationTimedOut';
  constructor(
    readonly invocationId: string,
    readonly functionKey: string,
    readonly timeoutMs: number,
  ) {
    super(
      `Invocation ${invocationId} of '${functionKey}' exceeded its ${timeoutMs} ms timeout; platform call refused`,
    );
  }
}

/** Raised into platform calls made after the handler already returned (un-awaited work). */
export class InvocationAlreadyFinished extends Error {
  override readonly name = 'InvocationAlreadyFinished';
  constructor(
    readonly invocationId: string,
    readonly functionKey: string,
  ) {
    super(
      `Invocation ${invocationId} of '${functionKey}' has already returned; Forge freezes the function ` +
        'after it returns, so this un-awaited platform call would never run',
    );
  }
}

/** The emulator was asked for something its configuration cannot provide (a wiring mistake, not app behaviour). */
export class EmulatorConfigError extends Error {
  override readonly name = 'EmulatorConfigError';
}

/** The storage file exists but cannot be read back; never silently reset, the data may matter. */
export class StorageFileCorrupt extends Error {
  override readonly name = 'StorageFileCorrupt';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`Forge emulator storage file ${file} is corrupt (${reason}); fix or delete it explicitly`);
  }
}
