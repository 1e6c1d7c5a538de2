/**
 * What a process does on SIGINT/SIGTERM: run its own clean-up once (close pools, stop the embedded
 * server and the simulators) and exit with the code that says how it ended. A second signal while the
 * clean-up runs exits at once.
 */
export type StopSignal = 'SIGINT' | 'SIGTERM';

export interface StopOnSignals {
  /** Stops listening (the process finished by itself). */
  dispose(): void;
}

/**
 * `exitCode` is what the interruption means: 0 for a service asked to stop (it did), 1 for a one-shot
 * command cut short (it did not finish). A clean-up that throws exits 1 whatever was asked.
 */
export function stopOnSignals(cleanUp: (signal: StopSignal) => Promise<void>, exitCode: 0 | 1): StopOnSignals {
  let stopping = false;
  const handle = (signal: StopSignal) => {
    if (stopping) process.exit(1);
    stopping = true;
    cleanUp(signal).then(
      () => process.exit(exitCode),
      (error: unknown) => {
        process.stderr.write(`stopping after ${signal} failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  const onInt = () => handle('SIGINT');
  const onTerm = () => handle('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    dispose: () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
