/**
 * The note `zendesk:jira-links:forbidden`: Zendesk's Jira links API refused the connected agent
 * with 403 (it is for Zendesk admins only). Kept once per connection, so the refusal is logged
 * once and not for every link (src/links/zendeskLink.ts).
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { LINKS_FORBIDDEN_KEY } from './keys';

const forbiddenNoteSchema = z.object({
  /** connectedAt of the connection the note belongs to; a new connection starts fresh. */
  connectedAt: z.string(),
  loggedAt: z.string(),
  message: z.string(),
});
export type ForbiddenNote = z.infer<typeof forbiddenNoteSchema>;

/** The note; null when none was written or it is unreadable (it is only about logging). */
export async function readForbiddenNote(): Promise<ForbiddenNote | null> {
  const parsed = forbiddenNoteSchema.safeParse(await kvs.get<unknown>(LINKS_FORBIDDEN_KEY));
  return parsed.success ? parsed.data : null;
}

export async function writeForbiddenNote(note: ForbiddenNote): Promise<void> {
  await kvs.set(LINKS_FORBIDDEN_KEY, forbiddenNoteSchema.parse(note));
}
