/**
 * Resolver fuzzing: a bad payload gets a clear error and changes nothing
 * (docs/contracts/connector-rules.md § Security). Every
 * admin and panel resolver key gets generated bad payloads (badPayloads.ts) through the real
 * handlers in the Forge emulator, as a Jira admin / an agent who may edit the issue, with a
 * connection, items and a link in storage so that a payload wrongly accepted would show.
 * Each case must answer `{ok:false, error:{code, message}}` from an invocation that did not
 * fail, make no write or egress, leave storage identical and Object.prototype untouched.
 * Deterministic: fast-check with a fixed seed.
 */
import {
  callsOf,
  connectDirect,
  invoke,
  panelLink,
  polluted,
  prototypeFingerprint,
  refusal,
  saveItems,
  useStack,
} from './support';
import { itemInput, SUP, TASK } from '../support/items';
import { displayItems, type IssueCtx, newIssue, newTicket } from '../support/issuePanel';
import { dataOf, issueOptions, type ResolverModule, storageSnapshot } from '../support/resolvers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ResolverInvokeOptions } from '../../sandbox/forge';
import { badPayloads, type FieldSpec, type KeySpec } from './badPayloads';

const SEED = 20_260_110;
/** Generated cases per key; fixed cases (below) come on top. */
const ADMIN_RUNS_PER_KEY = 250;
const PANEL_RUNS_PER_KEY = 400;

const jiraId = (name: string, required: boolean): FieldSpec => ({
  name,
  required,
  type: { kind: 'id', max: 255 },
});
const itemId = (name = 'itemId', required = true): FieldSpec => ({
  name,
  required,
  type: { kind: 'id', max: 200 },
});
const FEATURES = ['autoCreate', 'statusSync', 'commentSync', 'attachmentSync'].map((name) => ({
  name,
  required: true,
  type: { kind: 'bool' } as const,
}));
const OBJECTS = ['ticket', 'user', 'organization'] as const;

/** A valid item payload named `name`: saveItem and checkItem take the same one. */
const validItem = (name: string) =>
  itemInput(name, 'none', {
    id: 'tickets',
    issueTypeId: TASK,
    fields: [{ zendeskFieldId: 'subject', preview: true }],
  });

/** The item payload's fields. */
const ITEM_FIELDS: FieldSpec[] = [
  itemId('id', false),
  { name: 'name', required: true, type: { kind: 'text', max: 120, nonBlank: true } },
  { name: 'syncMode', required: true, type: { kind: 'enum', values: ['none', 'oneWay', 'twoWay'] } },
  jiraId('projectId', true),
  jiraId('issueTypeId', false),
  { name: 'zendeskObject', required: true, type: { kind: 'enum', values: OBJECTS } },
  {
    name: 'fields',
    required: true,
    type: {
      kind: 'objectArray',
      max: 100,
      sample: { zendeskFieldId: 'subject', preview: true },
      element: [
        { name: 'zendeskFieldId', required: true, type: { kind: 'id', max: 100 } },
        { name: 'jiraFieldId', required: false, type: { kind: 'id', max: 255 } },
        { name: 'preview', required: true, type: { kind: 'bool' } },
      ],
    },
  },
  { name: 'features', required: true, type: { kind: 'object', fields: FEATURES } },
];

const ADMIN_KEYS: KeySpec[] = [
  { key: 'getAdminState', valid: {}, fields: [] },
  {
    key: 'saveConnection',
    valid: { subdomain: 'acme', email: 'agent@acme.test', apiToken: 'tok-123' },
    fields: [
      { name: 'subdomain', required: true, type: { kind: 'subdomain' } },
      { name: 'email', required: true, type: { kind: 'email' } },
      { name: 'apiToken', required: true, type: { kind: 'token' } },
    ],
  },
  { key: 'revokeConnection', valid: {}, fields: [] },
  {
    key: 'getItemEditorMetadata',
    valid: { zendeskObject: 'ticket', projectId: SUP.id, issueTypeId: TASK },
    fields: [
      { name: 'zendeskObject', required: true, type: { kind: 'enum', values: OBJECTS } },
      jiraId('projectId', false),
      jiraId('issueTypeId', false),
    ],
  },
  {
    key: 'saveItem',
    valid: validItem('Renamed by a fuzz case'),
    fields: ITEM_FIELDS,
  },
  {
    key: 'checkItem',
    valid: validItem('Checked by a fuzz case'),
    fields: ITEM_FIELDS,
  },
  { key: 'deleteItem', valid: { id: 'tickets' }, fields: [itemId('id')] },
  { key: 'getActivity', valid: {}, fields: [] },
];

const PANEL_KEYS: KeySpec[] = [
  { key: 'getPanel', valid: {}, fields: [] },
  {
    key: 'search',
    valid: { itemId: 'tickets', query: 'printer' },
    fields: [itemId(), { name: 'query', required: true, type: { kind: 'text', max: 200, nonBlank: false } }],
  },
  {
    key: 'link',
    valid: { itemId: 'customers', recordId: '1' },
    fields: [itemId(), { name: 'recordId', required: true, type: { kind: 'digits' } }],
  },
  { key: 'unlink', valid: { itemId: 'tickets' }, fields: [itemId()] },
  { key: 'refresh', valid: { itemId: 'tickets' }, fields: [itemId()] },
];

/** The brief's named shapes, sent to every key on top of the generated ones. */
function fixedCases(spec: KeySpec): unknown[] {
  const proto = (key: string) =>
    JSON.parse(
      `{${JSON.stringify(key)}:{"polluted":true},${JSON.stringify(spec.valid).slice(1)}`.replace(/,}$/, '}'),
    );
  // @forge/resolver passes `payload || {}`, so falsy payloads are bad only where {} is.
  const falsy = spec.fields.length > 0 ? [undefined, null, 0, '', false] : [];
  return [
    ...falsy,
    'x'.repeat(100_000),
    [],
    [spec.valid],
    true,
    proto('__proto__'),
    proto('constructor'),
    proto('prototype'),
    JSON.parse('{"constructor":{"prototype":{"polluted":true}}}'),
    JSON.parse('{"__proto__":{"__proto__":{"polluted":true}}}'),
    { ...spec.valid, issueId: '10000' },
    { ...spec.valid, accountId: 'someone-else' },
    { ...spec.valid, '\u0000': 1 },
    { ...spec.valid, '😀': '😀'.repeat(50_000) },
  ];
}

const stack = useStack();
let issue: IssueCtx;
let adminOptions: ResolverInvokeOptions;
let panelOptions: ResolverInvokeOptions;
let baseline: string;
let protoBaseline: string;
const tally: Record<ResolverModule, Map<string, number>> = { admin: new Map(), panel: new Map() };

beforeAll(async () => {
  connectDirect(stack, 'admin');
  saveItems(stack, ...displayItems());
  issue = newIssue(stack, SUP, TASK, 'Fuzzed issue');
  adminOptions = { accountId: stack.user('admin').accountId };
  panelOptions = issueOptions(issue, stack.user('agent').accountId);
  // A real link, so a bad unlink/refresh/link that got through would change storage.
  const ticketId = newTicket(stack, 'Linked before fuzzing');
  dataOf(await panelLink(stack, 'tickets', ticketId, panelOptions));
  baseline = storageSnapshot(stack);
  protoBaseline = prototypeFingerprint();
});

/** One bad payload: a clear refusal, no write, no egress, nothing stored, no pollution. */
async function check(
  module: ResolverModule,
  key: string,
  payload: unknown,
  codes: readonly string[],
  mutation = 'fixed case',
): Promise<void> {
  const options = module === 'admin' ? adminOptions : panelOptions;
  try {
    await checkOne(module, key, payload, codes, options);
  } catch (error) {
    throw new Error(
      `${module}.${key} [${mutation}]: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

async function checkOne(
  module: ResolverModule,
  key: string,
  payload: unknown,
  codes: readonly string[],
  options: ResolverInvokeOptions,
): Promise<void> {
  const { result, invocation } = await invoke(stack, module, key, payload, options);
  const error = refusal(result);
  if (!codes.includes(error.code))
    throw new Error(`${key}: code ${error.code} (${error.message}), expected ${codes.join('|')}`);
  const calls = callsOf(stack, invocation);
  // Admin keys ask Jira whether the caller is an admin before parsing; nothing else may happen.
  const unexpected = calls.filter(
    (c) =>
      !(module === 'admin' && c.kind === 'jira' && c.method === 'GET' && c.target.includes('/mypermissions')),
  );
  if (unexpected.length > 0 || invocation.writes !== 0)
    throw new Error(`${key}: platform calls after a bad payload: ${JSON.stringify(unexpected)}`);
  if (storageSnapshot(stack) !== baseline) throw new Error(`${key}: storage changed`);
  if (polluted().length > 0 || prototypeFingerprint() !== protoBaseline)
    throw new Error(`${key}: prototype polluted (${polluted().join(', ')})`);
}

function fuzzModule(module: ResolverModule, specs: KeySpec[], runsPerKey: number): void {
  describe(`${module} resolver`, () => {
    for (const spec of specs) {
      it(`${spec.key}: ${runsPerKey} generated + ${fixedCases(spec).length} fixed bad payloads are refused and change nothing`, async () => {
        // The valid payload is accepted (or refused for a reason other than its shape), so the
        // refusals below are about the mutations, not about a key that refuses everything.
        const control = await invoke(
          stack,
          module,
          spec.key,
          JSON.parse(JSON.stringify(spec.valid)),
          module === 'admin' ? adminOptions : panelOptions,
        );
        if (!control.result.ok) expect(control.result.error.code).not.toBe('BAD_PAYLOAD');
        // The control call may legitimately write (e.g. revokeConnection); restore the fixture.
        restoreBaseline();

        for (const payload of fixedCases(spec)) {
          const codes = ['BAD_PAYLOAD'];
          await check(module, spec.key, payload, codes);
          count(module, 'fixed');
        }
        stack.emulator.clearCalls();
        let runs = 0;
        await fc.assert(
          fc.asyncProperty(badPayloads(spec), async (c) => {
            runs++;
            await check(module, spec.key, c.payload, c.codes, c.mutation);
            count(module, c.kind);
          }),
          { seed: SEED, numRuns: runsPerKey, endOnFailure: true },
        );
        stack.emulator.clearCalls();
        expect(runs).toBe(runsPerKey);
      });
    }
  });
}

function count(module: ResolverModule, mutation: string): void {
  tally[module].set(mutation, (tally[module].get(mutation) ?? 0) + 1);
}

/** Puts storage back to the fixture after a valid control call changed it. */
function restoreBaseline(): void {
  const { kvs, secrets } = JSON.parse(baseline) as {
    kvs: Record<string, unknown>;
    secrets: Record<string, unknown>;
  };
  for (const key of stack.emulator.storage.keys('')) if (!(key in kvs)) stack.emulator.storage.delete(key);
  for (const [key, value] of Object.entries(kvs)) stack.emulator.storage.set(key, value);
  for (const [key, value] of Object.entries(secrets)) stack.emulator.storage.setSecret(key, value);
  expect(storageSnapshot(stack)).toBe(baseline);
}

fuzzModule('admin', ADMIN_KEYS, ADMIN_RUNS_PER_KEY);
fuzzModule('panel', PANEL_KEYS, PANEL_RUNS_PER_KEY);

describe('totals', () => {
  it('sent at least 1,000 bad payloads per resolver module, of every mutation kind', () => {
    for (const module of ['admin', 'panel'] as const) {
      const total = [...tally[module].values()].reduce((a, b) => a + b, 0);
      console.log(`[fuzz] ${module}: ${total} bad payloads`, Object.fromEntries(tally[module]));
      expect(total).toBeGreaterThanOrEqual(1_000);
      const kinds = [
        'root is not an object',
        'extra key',
        'prototype key',
        'missing field',
        'wrong type',
        'bad string',
        'huge string',
        'nested garbage',
      ];
      // Only saveItem has nested objects (fields[], features).
      if (module === 'admin') kinds.push('bad nested field');
      for (const kind of kinds) {
        expect(tally[module].get(kind) ?? 0, `${module} ${kind}`).toBeGreaterThan(0);
      }
    }
  });
});
