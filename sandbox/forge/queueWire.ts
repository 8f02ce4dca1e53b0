/**
 * The async-events side of the `stargate` remote, as @forge/events 3.0.8 calls it through
 * `__requestAtlassianAsApp` (out/queue.js, out/jobProgress.js, out/validators.js):
 *  - POST /webhook/queue/publish/{contextAri}/{environmentId}/{appId}/{appVersion} → 201 `{jobId}`
 *  - POST /webhook/queue/stats/…  → 200 `{success, inProgress, failed}`, 404 for an unknown job
 *  - POST /webhook/queue/cancel/… → 204, 404 for an unknown job
 * The SDK sends the `{…}` placeholders literally; only the prefix matters here.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ConsumerDef } from './manifest';
import type { WorkQueue } from './workQueue';

const QUEUE_NAME = z.string().regex(/^[a-zA-Z0-9-_]+$/);

const publishSchema = z.object({
  queueName: QUEUE_NAME,
  jobId: z.string().min(1),
  type: z.literal('avi:forge:app:event'),
  schema: z.string(),
  payload: z
    .array(
      z.object({
        body: z.record(z.string(), z.unknown()),
        delayInSeconds: z.number().min(0).max(900).optional(),
        concurrency: z.object({ key: z.string(), limit: z.number() }).optional(),
      }),
    )
    .min(1)
    .max(50),
  time: z.string(),
});

const jobRequestSchema = z.object({ queueName: QUEUE_NAME, jobId: z.string().min(1), time: z.string() });

export interface QueueWireResult {
  readonly status: number;
  readonly body: unknown;
  readonly action: 'publish' | 'stats' | 'cancel';
  readonly queueName: string;
}

export function isQueuePath(path: string): boolean {
  return /^\/webhook\/queue\/(publish|stats|cancel)\//.test(path);
}

export function handleQueueRequest(
  path: string,
  bodyText: string,
  deps: { queue: WorkQueue; consumers: readonly ConsumerDef[]; now: number },
): QueueWireResult {
  const action = /^\/webhook\/queue\/(publish|stats|cancel)\//.exec(path)?.[1] as
    'publish' | 'stats' | 'cancel';
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    return { status: 400, body: { message: 'Request body is not JSON' }, action, queueName: '' };
  }

  if (action === 'publish') {
    const req = publishSchema.safeParse(json);
    if (!req.success)
      return { status: 400, body: { message: z.prettifyError(req.error) }, action, queueName: '' };
    // 200 KB per push: the same limit @forge/events checks client-side (validators.js); 413 is what it expects.
    if (Buffer.byteLength(JSON.stringify(req.data.payload)) / 1024 > 200) {
      return {
        status: 413,
        body: { errorMessage: 'The maximum payload size is 200KB.' },
        action,
        queueName: req.data.queueName,
      };
    }
    const consumer = deps.consumers.find((c) => c.queue === req.data.queueName);
    for (const ev of req.data.payload) {
      const item = {
        kind: 'queue' as const,
        id: randomUUID(),
        functionKey: consumer?.functionKey ?? '',
        consumerKey: consumer?.key ?? '',
        dueAt: deps.now + (ev.delayInSeconds ?? 0) * 1000,
        seq: deps.queue.nextSeq(),
        retry: undefined,
        queueName: req.data.queueName,
        jobId: req.data.jobId,
        eventId: randomUUID(),
        body: ev.body,
        delayInSeconds: ev.delayInSeconds,
        concurrency: ev.concurrency,
      };
      if (consumer) deps.queue.add(item);
      else deps.queue.addOrphan(item);
    }
    return { status: 201, body: { jobId: req.data.jobId }, action, queueName: req.data.queueName };
  }

  const req = jobRequestSchema.safeParse(json);
  if (!req.success)
    return { status: 400, body: { message: z.prettifyError(req.error) }, action, queueName: '' };
  const { queueName, jobId } = req.data;
  if (action === 'stats') {
    const stats = deps.queue.stats(jobId, queueName);
    return stats
      ? { status: 200, body: stats, action, queueName }
      : { status: 404, body: { message: 'Job not found' }, action, queueName };
  }
  return deps.queue.cancel(jobId, queueName)
    ? { status: 204, body: undefined, action, queueName }
    : { status: 404, body: { message: 'Job not found' }, action, queueName };
}
