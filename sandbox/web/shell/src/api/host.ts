/** The sandbox host's own endpoints (schemas: sandbox/web/protocol.ts). */
import { z } from 'zod';
import {
  activityResponseSchema,
  sessionSchema,
  type ActivityResponse,
  syncRunResponseSchema,
  type Session,
  type SessionUpdate,
  type SyncRunResponse,
} from '../../../protocol';
import { requestJson } from './http';

export function getSession(): Promise<Session> {
  return requestJson(sessionSchema, '/api/session');
}

export function updateSession(update: SessionUpdate): Promise<Session> {
  return requestJson(sessionSchema, '/api/session', { method: 'PUT', body: JSON.stringify(update) });
}

export function runSyncNow(): Promise<SyncRunResponse> {
  return requestJson(syncRunResponseSchema, '/api/sync/run', { method: 'POST', body: '{}' });
}

export function advanceZendeskClock(seconds: number): Promise<{ now: string }> {
  return requestJson(z.object({ now: z.string() }), '/api/clock/advance', {
    method: 'POST',
    body: JSON.stringify({ seconds }),
  });
}

export function getActivity(): Promise<ActivityResponse> {
  return requestJson(activityResponseSchema, '/api/activity');
}
