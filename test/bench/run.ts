/**
 * `npm run bench`: the sync benchmark (issues #11, #17). Runs the real app on the Forge emulator
 * against the Zendesk and Jira simulators (bench.ts), prints the table and the targets, and
 * writes docs/benchmarks.md (full runs) and JSON (`--json FILE`). Method: docs/benchmarks.md.
 */
// The stack must load before anything that imports @forge/api (the emulator's egress guard).
import { REPO_ROOT } from './stack';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBench } from './bench';
import { parseOptions, type BenchOptions } from './options';
import { bundleLines, consoleTable, jsonReport, markdown, targetLines, type BenchReport } from './report';

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** `--render RAW.json`: writes docs/benchmarks.md again from a saved run (same figures). */
function render(file: string): number {
  const report = JSON.parse(readFileSync(file, 'utf8')) as BenchReport;
  writeFileSync(join(REPO_ROOT, 'docs', 'benchmarks.md'), markdown(report));
  console.log(`docs/benchmarks.md written from ${file}`);
  return 0;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--render' && argv[1]) return render(argv[1]);
  let o: BenchOptions;
  try {
    o = parseOptions(argv);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const report = await runBench(o, `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`, log);
  const results = report.scenarios;
  console.log('');
  console.log(consoleTable(results));
  console.log('');
  for (const r of results) {
    const over = Object.entries(r.detail.overMinimum)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4);
    if (over.length > 0)
      console.log(`${r.name} above the minimum: ${over.map(([k, n]) => `+${n} ${k}`).join(', ')}`);
  }
  console.log('');
  for (const t of targetLines(report.targets)) console.log(t);
  console.log('');
  for (const b of bundleLines(report.bundles)) console.log(b);
  console.log(`\nTotal ${(report.totalWallMs / 1000).toFixed(1)} s. Details and method: docs/benchmarks.md`);
  if (o.json) {
    writeFileSync(o.json, `${JSON.stringify(jsonReport(report), null, 2)}\n`);
    console.log(`JSON written to ${o.json}`);
  }
  if (o.raw) writeFileSync(o.raw, JSON.stringify(report));
  if (o.docs) {
    writeFileSync(join(REPO_ROOT, 'docs', 'benchmarks.md'), markdown(report));
    console.log('docs/benchmarks.md updated');
  }
  return results.some((r) => r.status === 'failed') ? 1 : 0;
}

process.exitCode = await main();
