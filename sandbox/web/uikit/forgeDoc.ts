/**
 * The forgeDoc tree that @forge/react's reconciler hands to the host on every commit
 * (`callBridge('reconcile', {forgeDoc})`, docs/contracts/forge-platform.md § UI Kit rendering): `{type, key,
 * props, children}`, text as `{type:'String', props:{text}}`, event handlers as live functions.
 *
 * The reconciler mutates one tree in place and, on updates, puts the raw React props back
 * (including a circular `children` of React elements). So the host takes a structural copy
 * of each commit: type, key, props without `children`, and the children array. Functions
 * stay live, so an event in the host calls straight into the app's closures.
 */
import { z } from 'zod';

export interface ForgeDoc {
  type: string;
  key: string;
  props: Record<string, unknown>;
  children: ForgeDoc[];
}

/** One level of the incoming tree; children are checked as the copy descends. */
const incomingNodeSchema = z.object({
  type: z.string().min(1),
  key: z.string().optional(),
  props: z.record(z.string(), z.unknown()).optional(),
  children: z.array(z.unknown()).optional(),
});

export class ForgeDocError extends Error {
  override name = 'ForgeDocError';
}

/** Deep enough for any real panel; a deeper tree means a cycle or a broken reconciler. */
const MAX_DEPTH = 200;

export function snapshotForgeDoc(raw: unknown, depth = 0, path = 'forgeDoc'): ForgeDoc {
  if (depth > MAX_DEPTH) throw new ForgeDocError(`${path}: tree deeper than ${MAX_DEPTH} levels`);
  const parsed = incomingNodeSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ForgeDocError(`${path}: not a forgeDoc node (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  }
  const { type, key, props = {}, children = [] } = parsed.data;
  const copiedProps: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(props)) {
    if (name !== 'children') copiedProps[name] = value;
  }
  return {
    type,
    // Keys are uuids from the reconciler; a missing one only costs React some reuse.
    key: key ?? `${path}`,
    props: copiedProps,
    children: children.map((child, index) => snapshotForgeDoc(child, depth + 1, `${path}.${type}[${index}]`)),
  };
}

/** The text of a subtree: what a String node or a plain-text prop position shows. */
export function textOf(node: ForgeDoc): string {
  if (node.type === 'String') {
    const text = node.props.text;
    return typeof text === 'string' ? text : typeof text === 'number' ? String(text) : '';
  }
  return node.children.map(textOf).join('');
}
