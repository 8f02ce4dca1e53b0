/**
 * Jira Cloud operations the simulator does not implement. The extracted OpenAPI subset lists
 * every operation of Atlassian's document (`x-source.allOperations`); a request for one of
 * them answers 501 with a clear message rather than a 404/405 — or a wrong route, when a
 * templated path (`/issue/{issueIdOrKey}`) would otherwise catch a literal one
 * (`/issue/bulkfetch`).
 */
import { readFileSync } from 'node:fs';
import { JiraError } from './errors.js';

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  literals: number;
}

let operations: Operation[] | undefined;

function load(): Operation[] {
  if (operations !== undefined) return operations;
  const raw = JSON.parse(readFileSync(new URL('./openapi/jira-subset.json', import.meta.url), 'utf8')) as {
    'x-source'?: { allOperations?: string[] };
  };
  operations = (raw['x-source']?.allOperations ?? []).map((entry) => {
    const [method = '', template = ''] = entry.split(' ');
    const segments = template.split('/').slice(1);
    const source = segments
      .map((s) => (/^\{.+\}$/.test(s) ? '/[^/]+' : `/${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
      .join('');
    return {
      method,
      template,
      pattern: new RegExp(`^${source}/?$`),
      literals: segments.filter((s) => !/^\{.+\}$/.test(s)).length,
    };
  });
  return operations;
}

/** The most specific real operation for this request, if Jira has one. */
export function realOperation(method: string, path: string): { template: string; literals: number } | null {
  let best: Operation | null = null;
  for (const op of load()) {
    if (op.method !== method || !op.pattern.test(path)) continue;
    if (best === null || op.literals > best.literals) best = op;
  }
  return best;
}

export function notSimulated(method: string, template: string): JiraError {
  return new JiraError(501, [
    `${method} ${template} is part of the Jira Cloud REST API but this simulator does not implement it.`,
  ]);
}
