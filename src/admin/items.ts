/**
 * The admin page's Smart Connected Items (AdminApi in src/domain/rpc.ts): the page's state, the
 * editor's catalogs, checking and saving a draft, deleting an item. The rules of an item are in
 * itemRules.ts, the Jira fields a mapping may write in createTargets.ts.
 */
import { compareItems } from '../domain/itemNames';
import type { AdminState, ItemEditorMetadata, ItemWarning } from '../domain/rpc';
import type { SaveItemInput, SmartItem, ZendeskObject } from '../domain/types';
import { getItem, listItems, saveItem as storeItem } from '../storage/items';
import { itemHasLinks } from '../storage/links';
import { cleanUpDeletedItemNow, startItemDeletion } from '../sync/lifecycle/itemDeletion';
import { AppError, logUnexpected } from '../util/errors';
import { newId } from '../util/ids';
import { createTargets } from './createTargets';
import { connectionSummary, storedZendesk, type AdminCaller, type AdminDeps } from './deps';
import { sortJiraFields, zendeskFieldCatalog } from './fieldCatalog';
import { buildItem, checkItem, checkUniqueName, findProject } from './itemRules';

/** Everything the admin page shows first; unreadable items are logged, not shown. */
export async function adminState(caller: AdminCaller): Promise<AdminState> {
  const [connection, items] = await Promise.all([connectionSummary(), listItems()]);
  for (const bad of items.corrupt)
    logUnexpected('admin.getAdminState', new Error(`unreadable item ${bad.key}: ${bad.message}`));
  return { license: caller.license, connection, items: [...items.items].sort(compareItems) };
}

/** The catalogs the item editor offers for one Zendesk object, project and issue type. */
export async function itemEditorMetadata(
  input: { zendeskObject: ZendeskObject; projectId?: string; issueTypeId?: string },
  caller: AdminCaller,
  deps: AdminDeps,
): Promise<ItemEditorMetadata> {
  const app = deps.jira('app');
  const zendesk = await storedZendesk(caller, deps);
  const [projects, project, zendeskFields] = await Promise.all([
    app.searchProjects(),
    input.projectId !== undefined ? findProject(app, input.projectId) : Promise.resolve(null),
    zendeskFieldCatalog(zendesk, input.zendeskObject),
  ]);
  const [issueTypes, targets] = project
    ? await Promise.all([
        app.issueTypesForProject(project.id),
        createTargets(app, project, input.issueTypeId),
      ])
    : [[], null];
  const metadata: ItemEditorMetadata = {
    projects: projects.map((p) => ({ id: p.id, key: p.key, name: p.name })),
    issueTypes: issueTypes.map((t) => ({ id: t.id, name: t.name })),
    zendeskFields,
    jiraFields: targets ? sortJiraFields([...targets.fields.values()]) : [],
    priorities: targets ? targets.priorities : (await app.priorities()).map((p) => p.name),
    roles: Object.keys(project?.roles ?? {}).sort((a, b) => a.localeCompare(b)),
  };
  if (targets?.createType) metadata.createIssueType = targets.createType;
  return metadata;
}

/** What the admin should know before saving the draft; nothing is stored. */
export async function checkItemDraft(
  input: SaveItemInput,
  caller: AdminCaller,
  deps: AdminDeps,
): Promise<ItemWarning[]> {
  const zendesk = await storedZendesk(caller, deps);
  return checkItem(input, {
    jira: deps.jira('app'),
    zendeskFields: () => zendeskFieldCatalog(zendesk, input.zendeskObject),
    items: async () => (await listItems()).items,
  });
}

/** Creates or updates an item after every rule and lookup passed. */
export async function saveItemDraft(
  input: SaveItemInput,
  caller: AdminCaller,
  deps: AdminDeps,
): Promise<SmartItem> {
  const existing = input.id !== undefined ? await getItem(input.id) : null;
  if (input.id !== undefined && !existing)
    throw new AppError('NOT_FOUND', 'This Smart Connected Item no longer exists.');
  if (existing && existing.zendeskObject !== input.zendeskObject && (await itemHasLinks(existing.id))) {
    throw new AppError(
      'INVALID_ITEM',
      'The Zendesk object of an item with linked records cannot change; create a new item instead.',
    );
  }
  checkUniqueName(input.name, existing?.id, (await listItems()).items);
  const zendesk = await storedZendesk(caller, deps);
  const item = await buildItem(input, existing, {
    jira: deps.jira('app'),
    zendeskFields: () => zendeskFieldCatalog(zendesk, input.zendeskObject),
    now: deps.now(),
    newId,
  });
  return storeItem(item);
}

/** The item goes at once; its links follow (src/sync/lifecycle/itemDeletion.ts). */
export async function deleteItem(input: { id: string }): Promise<{ id: string }> {
  if (await startItemDeletion(input.id)) await cleanUpDeletedItemNow(input.id);
  return { id: input.id };
}
