/**
 * Reading the forgeDoc tree that @forge/react's reconciler sends with every `reconcile`
 * bridge call (docs/contracts/forge-platform.md § UI Kit rendering). After an update a node's `props` are the
 * raw React props: they can hold `children` React elements (circular) and fresh closures, so these helpers
 * walk only `node.children` and never descend into props.
 */

export interface ForgeNode {
  type: string;
  key?: string;
  props: Record<string, unknown>;
  children: ForgeNode[];
}

export type NodePredicate = (node: ForgeNode) => boolean;

export function isForgeNode(value: unknown): value is ForgeNode {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { type?: unknown; props?: unknown; children?: unknown };
  return (
    typeof candidate.type === 'string' &&
    typeof candidate.props === 'object' &&
    candidate.props !== null &&
    Array.isArray(candidate.children)
  );
}

/** Depth-first, parents before children. */
export function walk(root: ForgeNode, visit: (node: ForgeNode, parents: readonly ForgeNode[]) => void): void {
  const go = (node: ForgeNode, parents: ForgeNode[]) => {
    visit(node, parents);
    const next = [...parents, node];
    for (const child of node.children) go(child, next);
  };
  go(root, []);
}

export function findAll(root: ForgeNode, predicate: NodePredicate): ForgeNode[] {
  const found: ForgeNode[] = [];
  walk(root, (node) => {
    if (predicate(node)) found.push(node);
  });
  return found;
}

export function findByType(root: ForgeNode, type: string): ForgeNode[] {
  return findAll(root, (node) => node.type === type);
}

/** Concatenated text of the String nodes under `node`, like DOM textContent. */
export function textContent(node: ForgeNode): string {
  if (node.type === 'String') {
    const text = node.props.text;
    return typeof text === 'string' ? text : String(text ?? '');
  }
  return node.children.map(textContent).join('');
}

function matches(text: string, wanted: string | RegExp): boolean {
  return typeof wanted === 'string' ? text.includes(wanted) : wanted.test(text);
}

/**
 * The innermost nodes (not String nodes) whose text matches: an ancestor is left out when
 * one of its descendants already matches on its own.
 */
export function findByText(root: ForgeNode, wanted: string | RegExp, type?: string): ForgeNode[] {
  const candidates = findAll(
    root,
    (node) =>
      node.type !== 'String' &&
      (type === undefined || node.type === type) &&
      matches(textContent(node), wanted),
  );
  return candidates.filter((node) => !candidates.some((other) => other !== node && contains(node, other)));
}

/** Whether `node` is somewhere below `ancestor`. */
export function contains(ancestor: ForgeNode, node: ForgeNode): boolean {
  return ancestor.children.some((child) => child === node || contains(child, node));
}

export function hasText(root: ForgeNode, wanted: string | RegExp): boolean {
  return matches(textContent(root), wanted);
}

/** Exactly one node matching, or a readable failure listing what there was. */
export function only(nodes: ForgeNode[], what: string): ForgeNode {
  if (nodes.length !== 1) {
    throw new Error(`expected exactly one ${what}, found ${nodes.length}`);
  }
  return nodes[0] as ForgeNode;
}

const BUTTON_TYPES = new Set(['Button', 'LoadingButton', 'LinkButton']);

/** Buttons (any of the button components) labelled exactly `label`. */
export function findButtons(root: ForgeNode, label: string): ForgeNode[] {
  return findAll(root, (node) => BUTTON_TYPES.has(node.type) && textContent(node).trim() === label);
}

export function findButton(root: ForgeNode, label: string): ForgeNode {
  return only(findButtons(root, label), `button "${label}"`);
}

/** The nearest ancestor of `target` (inside `root`) of the given type. */
export function closest(root: ForgeNode, target: ForgeNode, type: string): ForgeNode | undefined {
  let found: ForgeNode | undefined;
  walk(root, (node, parents) => {
    if (node === target) {
      found = [...parents].reverse().find((parent) => parent.type === type);
    }
  });
  return found;
}

/** Calls a live handler prop (onClick, onChange, onSubmit, onClose …) and returns what it returned. */
export function fire(node: ForgeNode, handler: string, ...args: unknown[]): unknown {
  const fn = node.props[handler];
  if (typeof fn !== 'function') {
    throw new Error(`${node.type} has no ${handler} handler (props: ${Object.keys(node.props).join(', ')})`);
  }
  return (fn as (...a: unknown[]) => unknown)(...args);
}

export type PlainValue = string | number | boolean | null | PlainValue[] | { [key: string]: PlainValue };

export interface PlainNode {
  type: string;
  props: Record<string, PlainValue>;
  handlers: string[];
  children: PlainNode[];
}

function toPlainValue(value: unknown, path: string): PlainValue {
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  ) {
    return value;
  }
  if (Array.isArray(value)) return value.map((entry, i) => toPlainValue(entry, `${path}[${i}]`));
  if (typeof value === 'object') {
    const out: Record<string, PlainValue> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = toPlainValue(v, `${path}.${k}`);
    }
    return out;
  }
  throw new Error(`prop ${path} is not serialisable (${typeof value})`);
}

/**
 * What a host on the other side of the bridge gets to see: type, serialisable props (minus
 * `children`) and the names of the handler props. Throws if a non-handler prop cannot be sent.
 */
export function toPlain(node: ForgeNode): PlainNode {
  const props: Record<string, PlainValue> = {};
  const handlers: string[] = [];
  for (const [name, value] of Object.entries(node.props)) {
    if (name === 'children' || value === undefined) continue;
    if (typeof value === 'function') {
      handlers.push(name);
      continue;
    }
    props[name] = toPlainValue(value, `${node.type}.${name}`);
  }
  return { type: node.type, props, handlers, children: node.children.map(toPlain) };
}

// ---------- a bridge host for rendering UI Kit apps in Node ----------

export interface BridgeHandlers {
  invoke?: (call: { functionKey: string; payload: unknown; metadata: unknown }) => unknown;
  getContext?: () => unknown;
}

export interface BridgeHost {
  /** Forget the current root and serve the next one the reconciler creates with these handlers. */
  session(handlers: BridgeHandlers): void;
  /** The current root's forgeDoc (mutated in place by the reconciler after every commit). */
  doc(): ForgeNode;
  /** Every node type the current root has shown so far. */
  typesSeen(): ReadonlySet<string>;
  /** Problems found while checking each committed tree: unserialisable props, `onError` calls. */
  problems(): readonly string[];
  /** Bridge commands other than reconcile, in order. */
  commands(): readonly { cmd: string; data: unknown }[];
  /** Polls after each macrotask until `probe` returns something truthy. */
  waitFor<T>(
    probe: (doc: ForgeNode) => T | false | null | undefined,
    what: string,
    timeoutMs?: number,
  ): Promise<T>;
}

interface BridgeGlobals {
  self?: unknown;
  __bridge?: { callBridge: (cmd: string, data?: unknown) => Promise<unknown> };
}

/**
 * Installs `globalThis.self` and `globalThis.__bridge` (docs/contracts/forge-platform.md § Bridge). Must run
 * before @forge/bridge or @forge/react is imported: @forge/bridge captures `callBridge` at
 * import time, so the installed function stays the same and delegates to the session.
 */
export function installBridgeHost(): BridgeHost {
  const seenRoots = new WeakSet<object>();
  let root: ForgeNode | null = null;
  let handlers: BridgeHandlers = {};
  let types = new Set<string>();
  let problems: string[] = [];
  let commands: { cmd: string; data: unknown }[] = [];

  const check = (doc: ForgeNode) => {
    walk(doc, (node) => types.add(node.type));
    try {
      toPlain(doc);
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
    }
  };

  const callBridge = async (cmd: string, data?: unknown): Promise<unknown> => {
    if (cmd === 'reconcile') {
      const doc = (data as { forgeDoc?: unknown } | undefined)?.forgeDoc;
      if (!isForgeNode(doc)) {
        problems.push('reconcile without a forgeDoc');
        return undefined;
      }
      if (root === null && !seenRoots.has(doc)) root = doc;
      seenRoots.add(doc);
      if (doc === root) check(doc);
      return undefined;
    }
    commands.push({ cmd, data });
    if (cmd === 'onError') {
      problems.push(`onError: ${String((data as { error?: unknown } | undefined)?.error)}`);
      return undefined;
    }
    if (cmd === 'invoke' && handlers.invoke) {
      return handlers.invoke(data as { functionKey: string; payload: unknown; metadata: unknown });
    }
    if (cmd === 'getContext' && handlers.getContext) return handlers.getContext();
    throw new Error(`bridge command not handled in this test: ${cmd}`);
  };

  const globals = globalThis as BridgeGlobals;
  globals.self = globalThis;
  globals.__bridge = { callBridge };

  const doc = () => {
    if (root === null) throw new Error('nothing rendered yet in this session');
    return root;
  };

  return {
    session(next) {
      handlers = next;
      root = null;
      types = new Set();
      problems = [];
      commands = [];
    },
    doc,
    typesSeen: () => types,
    problems: () => problems,
    commands: () => commands,
    async waitFor(probe, what, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const current = root;
        const result = current === null ? undefined : probe(current);
        if (result) return result;
        if (Date.now() > deadline) {
          const dump = current === null ? '(nothing rendered)' : JSON.stringify(toPlain(current), null, 1);
          throw new Error(`timed out waiting for ${what}; forgeDoc:\n${dump.slice(0, 4000)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    },
  };
}
