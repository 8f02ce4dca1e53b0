/**
 * Derives test/manifest/jira-scopes.json from Atlassian's Jira Cloud platform OpenAPI
 * spec (swagger-v3.v3.json). Only what @forge/lint's permission linter reads is kept
 * (per path and method: `x-atlassian-oauth2-scopes`, `security`), so the offline lint
 * test checks scopes against the whole official API without shipping 2.4 MB of schemas.
 *
 * Usage: npx tsx scripts/extractJiraScopes.ts <path-to-jira-platform-openapi.v3.json>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

interface OperationScopes {
  'x-atlassian-oauth2-scopes'?: unknown;
  security?: unknown;
}

const source = process.argv[2];
if (!source) {
  console.error('usage: extractJiraScopes.ts <jira-platform-openapi.v3.json>');
  process.exit(2);
}
const spec = JSON.parse(readFileSync(source, 'utf8')) as {
  info?: { version?: string };
  paths: Record<string, Record<string, OperationScopes>>;
};

const paths: Record<string, Record<string, OperationScopes>> = {};
for (const [path, item] of Object.entries(spec.paths)) {
  const out: Record<string, OperationScopes> = {};
  for (const method of METHODS) {
    const op = item[method];
    if (!op) continue;
    out[method] = {
      ...(op['x-atlassian-oauth2-scopes']
        ? { 'x-atlassian-oauth2-scopes': op['x-atlassian-oauth2-scopes'] }
        : {}),
      ...(op.security ? { security: op.security } : {}),
    };
  }
  paths[path] = out;
}

const target = resolve(import.meta.dirname, '../test/manifest/jira-scopes.json');
writeFileSync(
  target,
  JSON.stringify({
    'x-source':
      "Derived from Atlassian's Jira Cloud platform REST OpenAPI (swagger-v3.v3.json, info.version " +
      `${spec.info?.version ?? 'unknown'}) by scripts/extractJiraScopes.ts: paths with per-method scopes only.`,
    paths,
  }),
);
console.log(`wrote ${Object.keys(paths).length} paths to ${target}`);
