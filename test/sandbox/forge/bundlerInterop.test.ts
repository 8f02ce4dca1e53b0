// The same emulator and handlers must run under tsx (`npm start`), where Node, not vitest, loads modules.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const script = fileURLToPath(new URL('./fixtures/tsxSmoke.mts', import.meta.url));

describe('under tsx', () => {
  it('loads handlers that use the bundler-style default import of @forge/resolver', async () => {
    // Without vitest's marker the emulator installs its own interop, as it must under `npm start`.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST')));
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [tsxCli, script], { timeout: 30_000, env }, (err, out, errOut) =>
        err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
      );
    });
    const out = JSON.parse(stdout) as {
      whoami: { accountId: string };
      dispositions: string[];
      keys: string[];
      refused: { status: number };
    };
    expect(out.whoami.accountId).toBe('tsx-user');
    expect(out.dispositions).toEqual(['success']);
    expect(out.keys).toEqual(['job:tsx']);
    expect(out.refused.status).toBe(403);
  });
});
