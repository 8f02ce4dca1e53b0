import Button from '@atlaskit/button/new';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { useState } from 'react';
import { compareItems } from '../../../src/domain/itemNames';
import type { SmartItem } from '../../../src/domain/types';
import { useAdminClient } from './AdminClientContext';
import { ConfirmDialog } from './ConfirmDialog';
import { ItemEditor } from './ItemEditor';
import { ItemsTable } from './ItemsTable';

interface Props {
  items: SmartItem[];
  connected: boolean;
  onItemsChange: (items: SmartItem[]) => void;
}

type Editing = { item: SmartItem | null } | null;

export function ItemsTab({ items, connected, onItemsChange }: Props) {
  const client = useAdminClient();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<SmartItem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const saved = (item: SmartItem) => {
    const exists = items.some((i) => i.id === item.id);
    // The server's order (name, then id), so a saved item sits where the next load puts it.
    onItemsChange(
      (exists ? items.map((i) => (i.id === item.id ? item : i)) : [...items, item]).sort(compareItems),
    );
    setNotice(`${exists ? 'Saved' : 'Created'} “${item.name}”.`);
    setEditing(null);
  };

  const remove = async () => {
    if (!deleting) return null;
    const result = await client.call('deleteItem', { id: deleting.id });
    if (!result.ok) return result.error;
    onItemsChange(items.filter((i) => i.id !== result.data.id));
    setNotice(`Deleted “${deleting.name}”.`);
    return null;
  };

  if (editing) {
    return (
      <ItemEditor
        key={editing.item?.id ?? 'new'}
        item={editing.item}
        onSaved={saved}
        onCancel={() => setEditing(null)}
      />
    );
  }

  return (
    <Stack space="space.200">
      {!connected && (
        <SectionMessage
          appearance="information"
          title="Zendesk is not connected"
          testId="items-not-connected"
        >
          <Text as="p">
            Connect Zendesk on the Connection tab first: the editor reads Zendesk fields, and sync runs only
            while a connection is stored.
          </Text>
        </SectionMessage>
      )}
      {notice && (
        <SectionMessage appearance="success" testId="items-notice">
          <Text as="p">{notice}</Text>
        </SectionMessage>
      )}
      <Inline spread="space-between" alignBlock="center">
        <Text as="p" color="color.text.subtle">
          Each item puts a card in the Jira issue panel of its project and, for ticket items, can sync fields,
          status, comments and attachments.
        </Text>
        <Button
          appearance="primary"
          onClick={() => {
            setNotice(null);
            setEditing({ item: null });
          }}
          testId="create-item"
        >
          Create item
        </Button>
      </Inline>
      <ItemsTable
        items={items}
        onEdit={(item) => {
          setNotice(null);
          setEditing({ item });
        }}
        onDelete={setDeleting}
      />
      <ConfirmDialog
        isOpen={deleting !== null}
        title="Delete this Smart Connected Item?"
        confirmLabel="Delete"
        onConfirm={remove}
        onClose={() => setDeleting(null)}
        testId="delete-dialog"
      >
        <Text as="p">
          “{deleting?.name ?? ''}” disappears from the Jira issue panel and its sync stops. Zendesk records
          and Jira issues are not changed.
        </Text>
      </ConfirmDialog>
    </Stack>
  );
}
