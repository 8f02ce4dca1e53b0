/**
 * The manifest as Forge's own tooling sees it: the JSON-schema + processor validation
 * from @forge/manifest, @forge/lint's client-side linters run offline (scope checks
 * against the Jira platform OpenAPI scopes in jira-scopes.json), and every handler
 * resolving to an exported function. No login, no network.
 */
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import { describe, expect, it, beforeAll } from 'vitest';
import { validate } from '@forge/manifest';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '../..');

interface FunctionDef {
  key: string;
  handler: string;
  timeoutSeconds?: number;
}
interface Manifest {
  app: { runtime: { name: string }; licensing: { enabled: boolean } };
  modules: Record<string, Array<Record<string, unknown>>> & { function: FunctionDef[] };
  permissions: { scopes: string[]; external: { fetch: { backend: Array<{ address: string }> } } };
}

const manifest = parse(await readFile(join(root, 'manifest.yml'), 'utf8')) as Manifest;

describe('manifest.yml', () => {
  beforeAll(() => {
    // The validator resolves handler and resource paths relative to the working directory.
    process.chdir(root);
    if (!existsSync(join(root, 'static/admin/build'))) {
      throw new Error('static/admin/build is missing: run `npm run build` first (npm test does).');
    }
  });

  it('passes @forge/manifest full validation with no errors or warnings', async () => {
    const result = await validate(false, 'manifest.yml');
    const problems = (result.errors ?? []).map((e) => `${e.level}: ${e.message}`);
    expect(problems).toEqual([]);
    expect(result.success).toBe(true);
  });

  it('declares exactly the scopes and egress of the product guide', () => {
    expect([...manifest.permissions.scopes].sort()).toEqual(
      [
        'storage:app',
        'read:jira-work',
        'write:jira-work',
        'read:jira-user',
        'read:issue:jira',
        'write:issue:jira',
      ].sort(),
    );
    expect(manifest.permissions.external.fetch.backend.map((e) => e.address).sort()).toEqual(
      [
        'https://*.zendesk.com',
        'https://*.amazonaws.com',
        'https://*.cloudfront.net',
        'https://*.zdusercontent.com',
      ].sort(),
    );
  });

  it('has the modules the product needs', () => {
    const m = manifest.modules;
    expect(m['jira:adminPage']?.[0]).toMatchObject({ resource: 'admin-ui' });
    expect(m['jira:issuePanel']?.[0]).toMatchObject({ render: 'native', resource: 'panel-ui' });
    expect(m['scheduledTrigger']?.[0]).toMatchObject({ interval: 'fiveMinute' });
    const events = (m['trigger'] ?? []).flatMap((t) => {
      expect(t['filter']).toMatchObject({ ignoreSelf: true });
      return t['events'] as string[];
    });
    expect(events.sort()).toEqual([
      'avi:jira:commented:issue',
      'avi:jira:created:attachment',
      'avi:jira:deleted:issue',
      'avi:jira:updated:issue',
    ]);
    expect(m['consumer']?.length).toBeGreaterThan(0);
    expect(manifest.app.licensing.enabled).toBe(true);
    expect(manifest.app.runtime.name).toMatch(/^nodejs(22|24)\.x$/);
  });

  it('resolves every function handler to an exported function of src/index.ts', async () => {
    const index = (await import(join(root, 'src/index.ts'))) as Record<string, unknown>;
    for (const fn of manifest.modules.function) {
      const [file, exportName] = fn.handler.split('.');
      expect(file).toBe('index');
      expect(typeof index[exportName ?? ''], `${fn.key} → ${fn.handler}`).toBe('function');
    }
  });

  it('passes @forge/lint client-side linters offline, including the Jira scope check', async () => {
    const swaggerDir = mkdtempSync(join(tmpdir(), 'forge-lint-'));
    const empty = join(swaggerDir, 'empty.json');
    writeFileSync(empty, JSON.stringify({ paths: {} }));
    Object.assign(process.env, {
      USE_LOCAL_SWAGGER: '1',
      LOCAL_JIRA_SWAGGER: join(root, 'test/manifest/jira-scopes.json'),
      LOCAL_JSM_SWAGGER: empty,
      LOCAL_JSW_SWAGGER: empty,
      LOCAL_CONF_SWAGGER: empty,
      LOCAL_CONF_V2_SWAGGER: empty,
      LOCAL_BB_SWAGGER: empty,
    });
    const { lintApp } = await import('./offlineLint');
    const { errors, messages } = await lintApp(root);
    expect(messages.filter((m) => m.startsWith('error'))).toEqual([]);
    expect(errors).toBe(0);
  }, 120_000);
});
