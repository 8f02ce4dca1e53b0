/**
 * Per-link sync state, shared by both directions (docs/sync-model.md § Per-link state):
 *
 *   linkstate:{itemId}:{issueId}             the record below (zod-validated on read)
 *   linkstate:{itemId}:{issueId}:{set}:{n}   sealed chunks of the four id sets
 *                                            (set = zc | za | jc | ja, see IdSet)
 *
 * Zendesk → Jira (scheduler, Refresh) writes `fromZendesk`, Jira → Zendesk (event handlers)
 * writes `fromJira`; both write `fields`, `status` and `hold`, and each increments its own
 * failure counter — always holding the link's lease (src/sync/core/linkLease.ts), so a save never
 * races another. Nothing here talks to Jira or Zendesk; the values go through
 * src/storage/linkState.ts, their keys are built in src/storage/keys.ts.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { linkStateKey, linkStateSetKey, type IdSetName } from '../../storage/keys';
import {
  deleteLinkStateKeys,
  linkStateStore,
  readLinkStateValue,
  writeLinkStateValue,
} from '../../storage/linkState';
import { AppError } from '../../util/errors';
import { summarizeIssues } from '../../util/zodIssues';
import {
  DEFAULT_ID_SET_LIMITS,
  EMPTY_ID_SET,
  IdSet,
  idSetSchema,
  type ChunkStore,
  type IdSetLimits,
  type IdSetRecord,
} from './idset';

export const LINK_STATE_VERSION = 1;

const isoString = z.string().min(1);

/**
 * Memory of one mapped field's last synchronized pair. `z` and `j` are fingerprints (see
 * fingerprint()) of the comparable Zendesk value and of the Jira value it corresponds to;
 * `by` says which direction wrote them last.
 */
export const fieldMemorySchema = z.object({
  z: z.string(),
  j: z.string(),
  by: z.enum(['toJira', 'toZendesk']),
  at: isoString,
});
export type FieldMemory = z.infer<typeof fieldMemorySchema>;

export const pendingAttachmentSchema = z.object({
  id: z.string(),
  filename: z.string(),
  size: z.number().int().nonnegative(),
});
export type PendingAttachment = z.infer<typeof pendingAttachmentSchema>;

/**
 * Jira writes started but not yet recorded (docs/sync-model.md § Crash safety). Written
 * before the writes; cleared in the same save that records their ids.
 */
export const pendingFromZendeskSchema = z.object({
  since: isoString,
  /** Zendesk comment ids being copied to Jira. */
  comments: z.array(z.string()),
  /**
   * Zendesk attachments being added to Jira, in upload order. On recovery each is matched to
   * the app's own Jira attachments created after `jiraWatermark`, in id order (Jira attachment
   * ids only grow): exact even for two different files of the same name and size.
   */
  attachments: z.array(pendingAttachmentSchema),
  /** The highest Jira attachment id on the issue before this batch's first upload. */
  jiraWatermark: z.string().optional(),
  /** Zendesk attachments skipped in this pass (too large, malware) awaiting the note. */
  skipped: z.array(
    pendingAttachmentSchema.extend({ reason: z.enum(['too-large', 'malware', 'host-not-allowed']) }),
  ),
});
export type PendingFromZendesk = z.infer<typeof pendingFromZendeskSchema>;

export const pendingFromJiraSchema = z.object({
  since: isoString,
  /** Jira comment ids being copied to Zendesk. */
  comments: z.array(z.string()),
  /** Jira attachment ids being uploaded to Zendesk. */
  attachments: z.array(z.string()),
});
export type PendingFromJira = z.infer<typeof pendingFromJiraSchema>;

export const linkStateRecordSchema = z.object({
  v: z.literal(LINK_STATE_VERSION),
  /** Key: fieldMemoryKey(zendeskFieldId, jiraFieldId). */
  fields: z.record(z.string(), fieldMemorySchema),
  /** Last status pair synchronized (either direction). */
  status: z
    .object({
      zendesk: z.string(),
      jiraCategory: z.string(),
      by: z.enum(['toJira', 'toZendesk']),
      at: isoString,
    })
    .optional(),
  /**
   * Initial-status safeguard of an auto-created issue
   * (docs/contracts/connector-rules.md § Initial status safeguard).
   */
  hold: z
    .object({
      /** Ticket status when the issue was created. */
      zendeskStatus: z.string(),
      /** Jira status id the new issue started in. */
      jiraStatusId: z.string(),
      since: isoString,
    })
    .optional(),
  fromZendesk: z.object({
    /** ticket.updated_at of the last complete pass; an equal value means nothing new. */
    ticketUpdatedAt: z.string().optional(),
    /**
     * The ticket as that pass saw it at `ticketUpdatedAt`: its comment count (when the read
     * carried the `comment_count` sideload) and status. The Jira → Zendesk handlers write
     * against this state (safe_update) without reading the ticket first.
     */
    commentCount: z.number().int().nonnegative().optional(),
    ticketStatus: z.string().optional(),
    /**
     * The newest Zendesk comment id when the conversation was last copied completely: it and
     * every older comment are done, so the newest-first listing stops at it.
     */
    commentsThrough: z.string().optional(),
    /**
     * Unix seconds (Zendesk's clock): every comment of the ticket created in an earlier second
     * is handled. Set by a complete comment copy; the ticket event feed reads comments only for
     * links that have it (src/sync/fromZendesk/commentFeed.ts).
     */
    commentsBefore: z.number().int().optional(),
    /**
     * The highest Jira attachment id on the issue that belongs to no batch in doubt: read on the
     * issue, or one of the link's own resolved uploads ('0': the issue had none). A batch about
     * to upload uses it as its watermark instead of reading the issue while no other item can
     * upload to the issue (src/sync/fromZendesk/recovery.ts).
     */
    jiraAttachmentsThrough: z.string().optional(),
    comments: idSetSchema,
    attachments: idSetSchema,
    pending: pendingFromZendeskSchema.optional(),
  }),
  fromJira: z.object({
    comments: idSetSchema,
    attachments: idSetSchema,
    pending: pendingFromJiraSchema.optional(),
  }),
  toZendesk: z
    .object({
      /**
       * The app's own last Zendesk write, when it was the ticket's only change since a state the
       * Zendesk → Jira pass had seen in full: the ticket's updated_at, comment count and content
       * print after it. A ticket that still looks exactly like this is the app's own echo.
       */
      ownWrite: z
        .object({
          updatedAt: isoString,
          commentCount: z.number().int().nonnegative(),
          status: z.string(),
          print: z.string(),
        })
        .optional(),
      /**
       * The ticket's updated_at and status after the app's last Zendesk write, whatever it was
       * written against: the stamp of the next safe update even when that write cannot be
       * recognised as the app's echo (a stale stamp costs a 409 and a read).
       */
      lastWrite: z.object({ updatedAt: isoString, status: z.string() }).optional(),
      /** Jira `fields.updated` of the newest issue-updated event applied (ordering guard). */
      issueUpdated: z.string().optional(),
    })
    .optional(),
  failures: z.object({
    toJira: z.number().int().nonnegative(),
    toZendesk: z.number().int().nonnegative(),
    lastError: z.string().optional(),
    lastAt: z.string().optional(),
  }),
});
export type LinkStateRecord = z.infer<typeof linkStateRecordSchema>;

export function emptyLinkStateRecord(): LinkStateRecord {
  return {
    v: LINK_STATE_VERSION,
    fields: {},
    fromZendesk: { comments: { ...EMPTY_ID_SET }, attachments: { ...EMPTY_ID_SET } },
    fromJira: { comments: { ...EMPTY_ID_SET }, attachments: { ...EMPTY_ID_SET } },
    failures: { toJira: 0, toZendesk: 0 },
  };
}

export function fieldMemoryKey(zendeskFieldId: string, jiraFieldId: string): string {
  return `${zendeskFieldId}>${jiraFieldId}`;
}

/**
 * A short stable token for a comparable value: the canonical JSON itself when short, else a
 * SHA-256 prefix. Keeps long descriptions out of the state record.
 */
export function fingerprint(value: unknown): string {
  const json = canonicalJson(value);
  if (json.length <= 64) return json;
  return `sha256:${createHash('sha256').update(json).digest('base64url').slice(0, 27)}`;
}

function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * The loaded state of one link. Mutate `record` (everything except the id sets, which are
 * the IdSet objects) and call save(); save() writes nothing when nothing changed.
 */
/** What a link's state is made from; the chunk store and set limits are the real ones unless given. */
export interface LinkStateInit {
  itemId: string;
  issueId: string;
  record: LinkStateRecord;
  /** False when no record was stored yet. */
  existed: boolean;
  store?: ChunkStore;
  limits?: IdSetLimits;
}

export class LinkState {
  readonly itemId: string;
  readonly issueId: string;
  readonly record: LinkStateRecord;
  /** False when no record was stored yet. */
  readonly existed: boolean;
  private readonly store: ChunkStore;
  readonly key: string;
  readonly zendeskComments: IdSet;
  readonly zendeskAttachments: IdSet;
  readonly jiraComments: IdSet;
  readonly jiraAttachments: IdSet;
  private dirty = false;
  private snapshot: string;

  constructor(init: LinkStateInit) {
    const { itemId, issueId, record, store = linkStateStore, limits = DEFAULT_ID_SET_LIMITS } = init;
    this.itemId = itemId;
    this.issueId = issueId;
    this.record = record;
    this.existed = init.existed;
    this.store = store;
    this.key = linkStateKey(itemId, issueId);
    const set = (name: IdSetName, ids: IdSetRecord): IdSet =>
      new IdSet(linkStateSetKey(itemId, issueId, name), ids, store, limits);
    this.zendeskComments = set('zc', record.fromZendesk.comments);
    this.zendeskAttachments = set('za', record.fromZendesk.attachments);
    this.jiraComments = set('jc', record.fromJira.comments);
    this.jiraAttachments = set('ja', record.fromJira.attachments);
    this.snapshot = canonicalJson(record);
  }

  /** The state of a link nothing was stored for yet. */
  static fresh(itemId: string, issueId: string): LinkState {
    return new LinkState({ itemId, issueId, record: emptyLinkStateRecord(), existed: false });
  }

  /** Forces the next save to write (e.g. a brand-new state). */
  markDirty(): void {
    this.dirty = true;
  }

  private sets(): IdSet[] {
    return [this.zendeskComments, this.zendeskAttachments, this.jiraComments, this.jiraAttachments];
  }

  get isDirty(): boolean {
    return (
      this.dirty || this.sets().some((s) => s.isDirty) || canonicalJson(this.withSets()) !== this.snapshot
    );
  }

  private withSets(): LinkStateRecord {
    return {
      ...this.record,
      fromZendesk: {
        ...this.record.fromZendesk,
        comments: this.zendeskComments.toRecord(),
        attachments: this.zendeskAttachments.toRecord(),
      },
      fromJira: {
        ...this.record.fromJira,
        comments: this.jiraComments.toRecord(),
        attachments: this.jiraAttachments.toRecord(),
      },
    };
  }

  /** Chunks first, then the record (the order the crash argument relies on). */
  async save(): Promise<boolean> {
    if (!this.isDirty) return false;
    const chunks = this.sets().flatMap((s) => s.takeDirtyChunks());
    if (chunks.length > 0) await this.store.setMany(chunks);
    // No merge with a concurrent save: every writer holds the link's lease (linkLease.ts).
    const record = linkStateRecordSchema.parse(this.withSets());
    await writeLinkStateValue(this.itemId, this.issueId, record);
    for (const s of this.sets()) s.markSaved();
    this.dirty = false;
    this.snapshot = canonicalJson(record);
    return true;
  }

  /** Every key this state occupies (for deleting a link). */
  allKeys(): string[] {
    return [this.key, ...this.sets().flatMap((s) => s.allChunkKeys())];
  }
}

export function parseLinkStateRecord(raw: unknown, key: string): LinkStateRecord {
  const parsed = linkStateRecordSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError(
      'STATE_INVALID',
      `The stored sync state ${key} is unreadable (${summarizeIssues(parsed.error, 2)})`,
    );
  }
  return parsed.data;
}

/**
 * The state of a link from its stored value (undefined: nothing stored yet, a fresh state);
 * STATE_INVALID when the value is unreadable.
 */
export function linkStateFrom(itemId: string, issueId: string, raw: unknown): LinkState {
  return raw === undefined
    ? LinkState.fresh(itemId, issueId)
    : new LinkState({
        itemId,
        issueId,
        record: parseLinkStateRecord(raw, linkStateKey(itemId, issueId)),
        existed: true,
      });
}

export async function loadLinkState(itemId: string, issueId: string): Promise<LinkState> {
  return linkStateFrom(itemId, issueId, await readLinkStateValue(itemId, issueId));
}

/** Removes a link's state and all its chunks (called when a link is deleted). */
export async function deleteLinkState(itemId: string, issueId: string): Promise<void> {
  const raw = await readLinkStateValue(itemId, issueId);
  if (raw === undefined) return;
  const parsed = linkStateRecordSchema.safeParse(raw);
  const keys = parsed.success
    ? new LinkState({ itemId, issueId, record: parsed.data, existed: true }).allKeys()
    : [linkStateKey(itemId, issueId)];
  await deleteLinkStateKeys(keys);
}
