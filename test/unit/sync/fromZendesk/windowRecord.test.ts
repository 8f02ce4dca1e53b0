/**
 * Packing window comments into stored records (src/sync/fromZendesk/windowRecord.ts): every
 * record stays within its size in UTF-8 bytes — what Forge KVS counts, up to three times the
 * characters of a comment in another script — a ticket too large alone is left out, and
 * tickets past the last record's room are left for the caller.
 */
import { describe, expect, it } from 'vitest';
import { userSchema, type ZendeskComment, type ZendeskUser } from '../../../../src/zendesk/schemas';
import {
  bytesOf,
  packRecords,
  RECORD_MAX_BYTES,
  TICKET_MAX_BYTES,
  windowRecordSchema,
} from '../../../../src/sync/fromZendesk/windowRecord';

const head = { subdomain: 'acme', from: 1_000, end: 2_000 };
const author: ZendeskUser = userSchema.parse({
  id: 7,
  name: 'Zoë Müller',
  email: 'zoe@example.com',
  role: 'end-user',
});
const userOf = (id: number): ZendeskUser | undefined => (id === author.id ? author : undefined);

function comment(id: number, body: string): ZendeskComment {
  return { id, author_id: 7, body, public: true, attachments: [], created_at: '2026-12-07T10:00:00Z' };
}

/** One ticket's comments of about `bytes` UTF-8 bytes, written in a three-byte script. */
const wide = (id: number, bytes: number): ZendeskComment[] => [
  comment(id, '漢'.repeat(Math.floor(bytes / 3))),
];

describe('packing window comments into records', () => {
  it('counts UTF-8 bytes, not characters, so a record of wide text fits a KVS value', () => {
    const entries = Array.from({ length: 6 }, (_, i) => [String(i + 1), wide(i + 1, 40_000)] as const);
    const { records, left } = packRecords(head, entries, 8, userOf);
    expect(left).toEqual([]);
    expect(records.length).toBeGreaterThan(1);
    for (const r of records) {
      expect(bytesOf(r)).toBeLessThanOrEqual(RECORD_MAX_BYTES);
      expect(windowRecordSchema.parse(r)).toEqual(r);
    }
    expect(records.flatMap((r) => Object.keys(r.tickets))).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('names each author once per record, from the users it knows', () => {
    const { records } = packRecords(head, [['1', [comment(1, 'a'), comment(2, 'b')]]], 1, userOf);
    expect(records[0]?.users).toEqual([author]);
  });

  it('leaves out a ticket too large alone, and those past the last record', () => {
    const entries = [
      ['1', wide(1, TICKET_MAX_BYTES + 3)],
      ...[2, 3, 4, 5, 6].map((id) => [String(id), wide(id, 48_000)] as const),
      ['7', [comment(7, 'small')]],
    ] as const;
    const { records, left } = packRecords(head, entries, 1, userOf);
    expect(Object.keys(records[0]?.tickets ?? {})).toEqual(['2', '3', '4', '5', '7']);
    expect(left).toEqual(['1', '6']);
    expect(records[0]?.tickets['7']).toEqual([comment(7, 'small')]);
  });

  it('makes no record for no entry', () => {
    expect(packRecords(head, [], 1, userOf)).toEqual({ records: [], left: [] });
  });
});
