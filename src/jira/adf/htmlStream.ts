/**
 * Runs htmlparser2 over a whole HTML string with a linear-time open-element stack.
 *
 * htmlparser2 10.1.0's Parser keeps its open elements (and its svg/math context flags)
 * top-first and pushes with Array#unshift, which moves every element already there:
 * 100 000 nested tags took ~40 s in our measurement, a denial of service from one comment.
 * We give it a stack with the same array surface it uses (unshift/shift at the top,
 * `[i]` from the top, `indexOf`, `length`) stored top-last, so each operation is O(1)
 * (`indexOf` scans only as far as the elements the close tag then pops). The fields are
 * internal to htmlparser2, so this is checked where it is set up and by the 100 000-deep
 * tests in test/unit/jira/adf.test.ts; the version is pinned in package.json.
 */
import { Parser, type Handler } from 'htmlparser2';

/** An array-like, top-first view over a top-last array. */
function topFirst<T>(initial: readonly T[]): T[] {
  const items = [...initial].reverse();
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  const methods = {
    unshift(item: T): number {
      counts.set(item, (counts.get(item) ?? 0) + 1);
      return items.push(item);
    },
    shift(): T | undefined {
      const item = items.pop();
      if (item !== undefined) counts.set(item, (counts.get(item) ?? 1) - 1);
      return item;
    },
    indexOf(item: T): number {
      if (!counts.get(item)) return -1;
      for (let i = items.length - 1; i >= 0; i--) if (items[i] === item) return items.length - 1 - i;
      return -1;
    },
  };
  return new Proxy(items, {
    get(target, prop) {
      if (prop === 'unshift' || prop === 'shift' || prop === 'indexOf') return methods[prop];
      if (typeof prop === 'string' && /^\d+$/.test(prop)) return target[target.length - 1 - Number(prop)];
      return Reflect.get(target, prop) as unknown;
    },
    set(target, prop, value) {
      // Only `reset()` writes, and only `length = 0`.
      if (prop !== 'length' || value !== 0) return false;
      target.length = 0;
      counts.clear();
      return true;
    },
  });
}

/** The two internal stacks we replace (see the file comment). */
interface ParserStacks {
  stack: unknown;
  foreignContext: unknown;
}

function stacksOf(parser: Parser): ParserStacks {
  const internals = parser as unknown as Partial<ParserStacks>;
  if (
    !Array.isArray(internals.stack) ||
    internals.stack.length !== 0 ||
    !Array.isArray(internals.foreignContext)
  )
    throw new Error('htmlparser2 internals changed: review src/jira/adf/htmlStream.ts');
  return internals as ParserStacks;
}

/** Parses `html` (entities decoded, HTML rules) and reports it to `handler`. */
export function streamHtml(html: string, handler: Partial<Handler>): void {
  const parser = new Parser(handler, { decodeEntities: true });
  const internals = stacksOf(parser);
  internals.stack = topFirst<string>([]);
  internals.foreignContext = topFirst<boolean>(internals.foreignContext as boolean[]);
  parser.write(html);
  parser.end();
}
