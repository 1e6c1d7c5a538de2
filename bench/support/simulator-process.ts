/**
 * A provider simulator in a process of its own (bench only): started from the dataset spec it is sent
 * over IPC, it answers `{ url, credentials }` and closes when the parent says so (or goes away).
 */
import { startSimulator, type DatasetSpec } from '../../simulators/index.js';

process.once('message', (spec: DatasetSpec) => {
  void (async () => {
    const sim = await startSimulator(spec.provider, { dataset: spec });
    process.send?.({ url: sim.url, credentials: sim.credentials });
    const stop = () => void sim.close().finally(() => process.exit(0));
    process.once('message', stop);
    process.once('disconnect', stop);
  })();
});
