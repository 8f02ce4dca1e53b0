/**
 * Summarises StrykerJS JSON reports (reports/mutation/*.json, the mutation-testing-report-schema
 * format: https://github.com/stryker-mutator/mutation-testing-elements/tree/master/packages/report-schema)
 * per mutated file: mutants, detected, score, and every survivor with its line and replacement.
 *
 *   npx tsx scripts/mutationSummary.ts reports/mutation/work-before.json
 *   npx tsx scripts/mutationSummary.ts reports/mutation/work-before.json reports/mutation/work-after.json
 *
 * Several reports of the same file are merged: a mutant (same mutator, place and replacement)
 * counts as detected when any of the runs detected it. That is how a run against a file's
 * focused suite and a run against the slower integration suites add up to the score of both.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const position = z.object({ line: z.number(), column: z.number() });
const mutantSchema = z.object({
  mutatorName: z.string(),
  replacement: z.string().optional(),
  location: z.object({ start: position, end: position }),
  status: z.string(),
});
const reportSchema = z.object({
  files: z.record(z.string(), z.object({ source: z.string(), mutants: z.array(mutantSchema) })),
});
type Mutant = z.infer<typeof mutantSchema>;

/** Stryker's own score: detected / (detected + undetected); errors and ignored mutants do not count. */
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

const identity = (m: Mutant): string =>
  `${m.mutatorName}@${m.location.start.line}:${m.location.start.column}-${m.location.end.line}:${m.location.end.column}=${m.replacement ?? ''}`;

interface Merged {
  source: string;
  mutants: Map<string, Mutant>;
}

const files = new Map<string, Merged>();
for (const path of process.argv.slice(2)) {
  const report = reportSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    const merged = files.get(file) ?? { source, mutants: new Map<string, Mutant>() };
    files.set(file, merged);
    for (const m of mutants) {
      const id = identity(m);
      const seen = merged.mutants.get(id);
      if (!seen || (!DETECTED.has(seen.status) && DETECTED.has(m.status))) merged.mutants.set(id, m);
    }
  }
}

if (files.size === 0) {
  console.error('usage: tsx scripts/mutationSummary.ts <report.json> [more reports of the same files]');
  process.exit(2);
}

for (const [file, { source, mutants }] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
  const all = [...mutants.values()];
  const detected = all.filter((m) => DETECTED.has(m.status)).length;
  const undetected = all.filter((m) => UNDETECTED.has(m.status));
  const valid = detected + undetected.length;
  const score = valid === 0 ? 'n/a' : `${((100 * detected) / valid).toFixed(1)} %`;
  console.log(
    `${file}: ${valid} mutants, ${detected} detected, ${undetected.length} undetected, score ${score}`,
  );
  const lines = source.split('\n');
  for (const m of undetected.sort((a, b) => a.location.start.line - b.location.start.line)) {
    const line = (lines[m.location.start.line - 1] ?? '').trim();
    const replacement = (m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 80);
    console.log(
      `  ${m.status} L${m.location.start.line} ${m.mutatorName}: ${line.slice(0, 100)}  →  ${replacement}`,
    );
  }
}
