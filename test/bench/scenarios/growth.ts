/**
 * Growth rows: the steady-state run again with one size multiplied (links ×4, comments per
 * ticket ×10, changed tickets ×4), so the cost per change can be compared with the steady row.
 * A connector whose cost per change grows with idle links or with a ticket's history does work
 * that is not about the change.
 */
import type { BenchOptions } from '../options';
import type { ScenarioResult } from '../result';
import { ticketWorld, type World } from '../world';
import { steadyScenario } from './fromZendesk';

export const GROWTH_BASE = 'steady';

function tag(r: ScenarioResult, factor: string): ScenarioResult {
  r.detail.extra.growthOf = GROWTH_BASE;
  r.detail.extra.growth = factor;
  return r;
}

export interface GrowthRow {
  name: string;
  links: number;
  comments: number;
}

/** links ×4 and comments ×10, each in its own world; changed ×4 runs in the main world. */
export function growthRows(options: BenchOptions): GrowthRow[] {
  const { links, comments } = options.sizes;
  return [
    { name: 'links ×4', links: links * 4, comments },
    // Fewer links (twice the changed tickets): the warm-up copies every existing comment, and
    // the links row already shows that idle links cost nothing per change.
    {
      name: 'comments ×10',
      links: Math.min(links, 2 * options.sizes.steadyChanges),
      comments: Math.max(1, comments) * 10,
    },
  ];
}

export async function growthRow(
  options: BenchOptions,
  row: GrowthRow,
  log: (s: string) => void,
): Promise<ScenarioResult> {
  log(`- world: ${row.links} links, ${row.comments} comments per ticket (${row.name})`);
  // Already matching: the warm-up only records state, so a big world is quick to build.
  const world = await ticketWorld(
    options,
    { links: row.links, comments: row.comments, mirrors: 0, inSync: true },
    log,
  );
  try {
    const r = await steadyScenario(
      world,
      { name: row.name, count: options.sizes.steadyChanges, baselines: null, seed: 31 },
      options,
    );
    return tag(r, row.name);
  } finally {
    await world.bs.close();
  }
}

export async function changedTimesFour(world: World, options: BenchOptions): Promise<ScenarioResult> {
  const r = await steadyScenario(
    world,
    { name: 'changed ×4', count: options.sizes.steadyChanges * 4, baselines: null, seed: 37 },
    options,
  );
  return tag(r, 'changed ×4');
}
