// One emulator on the fixture app per test file, with storage, faults, calls and counters reset before each test.
import { afterAll, beforeEach } from 'vitest';
import { createForgeEmulator, type ForgeEmulator } from '../../../../sandbox/forge';
import { FIXTURE_APP } from './recordingServer';

export function useFixtureEmulator(): ForgeEmulator {
  const emu = createForgeEmulator({ appDir: FIXTURE_APP });
  afterAll(() => emu.close());
  beforeEach(() => {
    emu.storage.clear();
    emu.faults.clear();
    emu.counters.reset();
    emu.clearCalls();
  });
  return emu;
}
