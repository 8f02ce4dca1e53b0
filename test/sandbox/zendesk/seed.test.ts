import { describe, expect, it } from 'vitest';
import { generateSeed, LARGE_ATTACHMENT_SIZE } from '../../../sandbox/zendesk/index';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

/** Plain JSON form of a seed (Maps and Buffers flattened) for equality checks. */
function snapshot(seed: ReturnType<typeof generateSeed>): string {
  return JSON.stringify(seed, (_k, v: unknown) => (v instanceof Map ? [...v.entries()] : v));
}

describe('generateSeed', () => {
  it('is deterministic for the same options and base time', () => {
    const a = generateSeed({ seed: 7, now: NOW });
    const b = generateSeed({ seed: 7, now: NOW });
    expect(snapshot(a)).toBe(snapshot(b));
    expect(snapshot(generateSeed({ seed: 8, now: NOW }))).not.toBe(snapshot(a));
  });

  it('produces the demo account: staff, unicode end users, organizations and fields', () => {
    const s = generateSeed({ now: NOW });
    expect(s.tickets).toHaveLength(12);
    expect(s.users.filter((u) => u.role === 'admin')).toHaveLength(1);
    expect(s.users.filter((u) => u.role === 'agent').length).toBeGreaterThanOrEqual(1);
    expect(s.users.some((u) => u.role === 'end-user' && /[^\x20-\x7e]/.test(u.name))).toBe(true);
    expect(s.credentials.admin.email).toBe('admin@acme.example.com');
    expect(s.apiTokens).toContain(s.credentials.admin.token);
    const titles = s.ticketFields.filter((f) => f.removable).map((f) => f.title);
    expect(titles.filter((t) => t === 'Region')).toHaveLength(2);
    const types = new Set(s.ticketFields.map((f) => f.type));
    for (const t of ['status', 'priority', 'tickettype', 'tagger', 'multiselect', 'text', 'date', 'checkbox'])
      expect(types.has(t)).toBe(true);
    expect(s.ticketFields.find((f) => f.type === 'status')?.systemOptions?.map((o) => o.value)).toContain(
      'open',
    );
    expect(s.userFields.length).toBeGreaterThan(0);
    expect(s.organizationFields.length).toBeGreaterThan(0);
  });

  it('has public replies, internal notes, HTML and literal <script> text, and a file over 10 MB held as a recipe', () => {
    const s = generateSeed({ now: NOW });
    expect(s.comments.some((c) => !c.public)).toBe(true);
    expect(s.comments.some((c) => c.body.includes('<script>'))).toBe(true);
    expect(s.comments.some((c) => /<(strong|ul|b)>/.test(c.htmlBody))).toBe(true);
    expect(s.comments.every((c) => !/<script/i.test(c.htmlBody))).toBe(true);
    const large = s.attachments.find((a) => a.size > 10 * 1024 * 1024);
    expect(large?.size).toBe(LARGE_ATTACHMENT_SIZE);
    expect(large?.content.kind).toBe('generated');
    expect(s.attachments.some((a) => a.inline)).toBe(true);
  });

  it('places every timestamp at least a minute in the past so the export can see it', () => {
    const s = generateSeed({ now: NOW });
    for (const t of s.tickets) {
      expect(t.generatedAt).toBeLessThanOrEqual(NOW - 60_000);
      expect(t.updatedAt).toBeGreaterThanOrEqual(t.createdAt);
    }
    const statuses = new Set(s.tickets.map((t) => t.status));
    for (const st of ['new', 'open', 'pending', 'hold', 'solved', 'closed'])
      expect(statuses.has(st as never)).toBe(true);
  });

  it('builds 10,000 tickets in a few seconds', () => {
    const t = Date.now();
    const s = generateSeed({
      tickets: 10_000,
      users: 2_000,
      organizations: 100,
      commentsPerTicket: 3,
      attachments: 1_000,
      now: NOW,
    });
    expect(Date.now() - t).toBeLessThan(5_000);
    expect(s.tickets).toHaveLength(10_000);
    expect(s.comments).toHaveLength(30_000);
    expect(new Set(s.users.map((u) => u.email)).size).toBe(s.users.length);
    expect(new Set(s.organizations.map((o) => o.name)).size).toBe(100);
  });
});
