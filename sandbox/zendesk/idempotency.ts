/**
 * Idempotency-Key for ticket creation (docs/contracts/zendesk-api.md § Idempotency):
 * - first request with a key: normal response plus `x-idempotency-lookup: miss`;
 * - same key and same body: the cached response again, with `x-idempotency-lookup: hit`, and no new ticket;
 * - same key, different body: 400 {"error":"IdempotentRequestError","description":"Request parameters don't match the given idempotency key"};
 * - keys expire after two hours.
 * Only POST /api/v2/tickets honours the header: it is documented for ticket creation alone, so
 * PUT /api/v2/tickets/{id} ignores it and clients must make updates idempotent themselves.
 * Keys are kept per user; Zendesk does not say whether they are per user or per account [unverified].
 */
import { createHash } from 'node:crypto';
import type { SimClock } from './clock';
import type { SimResponse } from './http';

export const IDEMPOTENCY_TTL_MS = 2 * 60 * 60 * 1000;

interface Entry {
  bodyHash: string;
  response: SimResponse;
  expiresAt: number;
}

export class IdempotencyStore {
  private entries = new Map<string, Entry>();

  constructor(private readonly clock: SimClock) {}

  private static hash(body: Buffer): string {
    // Compare parsed JSON so whitespace or key order differences do not count as a different body.
    let canonical: string;
    try {
      canonical = JSON.stringify(sortKeys(JSON.parse(body.toString('utf8'))));
    } catch {
      canonical = body.toString('utf8');
    }
    return createHash('sha256').update(canonical).digest('hex');
  }

  /** Runs `create` at most once per (user, key, body) within the TTL. */
  async run(
    userId: number,
    key: string,
    body: Buffer,
    create: () => Promise<SimResponse> | SimResponse,
  ): Promise<SimResponse> {
    const id = `${userId}:${key}`;
    const now = this.clock.now();
    const hash = IdempotencyStore.hash(body);
    const existing = this.entries.get(id);
    if (existing && existing.expiresAt > now) {
      if (existing.bodyHash !== hash) {
        return {
          status: 400,
          body: {
            error: 'IdempotentRequestError',
            description: "Request parameters don't match the given idempotency key",
          },
        };
      }
      return {
        ...existing.response,
        headers: { ...existing.response.headers, 'x-idempotency-lookup': 'hit' },
      };
    }
    const response = await create();
    const withHeader = { ...response, headers: { ...response.headers, 'x-idempotency-lookup': 'miss' } };
    // Only successful creations are remembered, so a request refused for bad input can be retried once fixed.
    if (response.status >= 200 && response.status < 300) {
      this.entries.set(id, { bodyHash: hash, response, expiresAt: now + IDEMPOTENCY_TTL_MS });
    }
    return withHeader;
  }

  clear(): void {
    this.entries.clear();
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}
