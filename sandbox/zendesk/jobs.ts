/**
 * Background jobs of the bulk ticket endpoints (update_many, create_many) and their job statuses
 * (GET /api/v2/job_statuses/{id}, spec ShowJobStatus; doc
 * https://developer.zendesk.com/api-reference/ticketing/ticket-management/job_statuses/).
 *
 * The request answers at once with a `queued` job and no results; the work runs after the answer,
 * on the next turn of the event loop, as Zendesk's workers do it later. A client that reads the
 * tickets right after the request, without waiting for `completed`, sees them unchanged.
 * Results: updates `{id, action: "update", success: true, status: "Updated"}` or, when refused,
 * `{id, index, success: false, error, details}`; creates `{index, id}` [unverified: the failure
 * keys follow the doc's description of `results`, not a captured response]. Job statuses expire
 * after about an hour [unverified; the doc says they are "kept for a while"], here one hour of
 * simulated time.
 */
import { randomBytes } from 'node:crypto';
import type { SimClock } from './clock';
import type { Json } from './serialize';

export type JobResult = Json;

interface JobRecord {
  id: string;
  jobType: string;
  total: number;
  status: 'queued' | 'working' | 'completed' | 'failed';
  progress: number | null;
  results: JobResult[] | null;
  createdAt: number;
}

const JOB_TTL_MS = 3_600_000;

export class JobQueue {
  private readonly jobs = new Map<string, JobRecord>();

  constructor(
    private readonly clock: SimClock,
    private readonly apiBase: string,
  ) {}

  /** Queues `work`, one step per item; returns the queued job's JSON. */
  enqueue(jobType: string, steps: (() => JobResult)[]): Json {
    const job: JobRecord = {
      id: randomBytes(16).toString('hex'),
      jobType,
      total: steps.length,
      status: 'queued',
      progress: null,
      results: null,
      createdAt: this.clock.now(),
    };
    this.jobs.set(job.id, job);
    const snapshot = this.json(job);
    setImmediate(() => {
      job.status = 'working';
      const results = steps.map((step) => step());
      job.results = results;
      job.progress = results.length;
      job.status = 'completed';
    });
    return snapshot;
  }

  find(id: string): Json | undefined {
    const job = this.jobs.get(id);
    if (!job || this.clock.now() - job.createdAt > JOB_TTL_MS) return undefined;
    return this.json(job);
  }

  clear(): void {
    this.jobs.clear();
  }

  private json(job: JobRecord): Json {
    return {
      id: job.id,
      url: `${this.apiBase}/api/v2/job_statuses/${job.id}.json`,
      job_type: job.jobType,
      total: job.total,
      progress: job.progress,
      status: job.status,
      message: job.status === 'completed' ? `Completed at ${new Date(this.clock.now()).toISOString()}` : null,
      results: job.results ? [...job.results] : null,
    };
  }
}
