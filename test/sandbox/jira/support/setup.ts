/**
 * Per-file setup: a fresh simulator, recording clients for each account, and an
 * afterAll that checks every recorded exchange against the OpenAPI subset.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import {
  startJiraSimulator,
  type JiraSimulator,
  type JiraSimulatorOptions,
  type SimUser,
} from '../../../../sandbox/jira/index.js';
import type { ForgeProductEvent } from '../../../../sandbox/jira/index.js';
import { RecordingClient, type SimResponse } from './client.js';
import { ContractValidator } from './contract.js';

export interface SimHandle {
  sim: JiraSimulator;
  /** Anonymous client; every other client shares its exchange record. */
  http: RecordingClient;
  admin: RecordingClient;
  agent: RecordingClient;
  browse: RecordingClient;
  none: RecordingClient;
  app: RecordingClient;
  user(role: SimUser['role']): SimUser;
}

let validator: ContractValidator | undefined;
export function contract(): ContractValidator {
  return (validator ??= new ContractValidator());
}

export function useJiraSim(options: JiraSimulatorOptions = {}): SimHandle {
  const handle = {} as SimHandle;
  beforeAll(async () => {
    const sim = await startJiraSimulator(options);
    const http = new RecordingClient(sim.url);
    const user = (role: SimUser['role']): SimUser => {
      const found = sim.users.find((u) => u.role === role);
      if (found === undefined) throw new Error(`no ${role} user`);
      return found;
    };
    Object.assign(handle, {
      sim,
      http,
      user,
      admin: http.as({ accessToken: user('admin').accessToken }),
      agent: http.as({ accessToken: user('agent').accessToken }),
      browse: http.as({ accessToken: user('browse').accessToken }),
      none: http.as({ accessToken: user('none').accessToken }),
      app: http.as({ accessToken: sim.appAccount.accessToken }),
    });
  });
  afterAll(async () => {
    const problems = contract().validateAll(handle.http.exchanges);
    await handle.sim.close();
    expect(problems).toEqual([]);
  });
  return handle;
}

/** Collects the events emitted while `action` runs and for a few turns after. */
export async function captureEvents(
  sim: JiraSimulator,
  action: () => Promise<unknown> | unknown,
): Promise<ForgeProductEvent[]> {
  const seen: ForgeProductEvent[] = [];
  const stop = sim.events.on((e) => seen.push(e));
  try {
    await action();
    await settle();
  } finally {
    stop();
  }
  return seen;
}

/** Lets setImmediate-queued events reach their listeners. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

export function adf(text: string): { version: 1; type: 'doc'; content: unknown[] } {
  return { version: 1, type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
}

/** The answer is `status` with Jira's ErrorCollection body: exactly `message`, no field errors. */
export function expectErrorCollection(res: SimResponse, status: number, message: string): void {
  expect(res.status).toBe(status);
  expect(res.json()).toEqual({ errorMessages: [message], errors: {} });
}

type ChangeSide = [id: string | null, text: string | null];

/** One changelog item of a Jira field (ChangeDetails): its id and display text before and after. */
export function jiraChange(field: string, [from, fromString]: ChangeSide, [to, toString]: ChangeSide) {
  return { field, fieldtype: 'jira', fieldId: field, from, fromString, to, toString };
}
