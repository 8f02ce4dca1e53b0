/**
 * The question asked before a ticket of a synchronized item is linked: every Jira field the
 * first synchronization changes (its value now → the value from Zendesk), the status move,
 * mapped fields left as they are and why, and whether the ticket's comments and files are
 * copied. The backend computed it with the sync's own code (src/panel/linkPreview.ts); values
 * are text nodes, never markup.
 */
import { DynamicTable, List, ListItem, SectionMessage, Stack, Text } from '@forge/react';
import type { LinkPreview } from '../../domain/rpc';
import { confirmCopy, shownOrEmpty } from './copy';

function fieldName(change: LinkPreview['changes'][number]): string {
  return change.from.trim() === '' || change.from === change.field
    ? change.field
    : `${change.field} (from ${change.from})`;
}

export function LinkConfirm({ preview, changed }: { preview: LinkPreview; changed: boolean }) {
  const copy = confirmCopy(preview);
  const rows = preview.changes.map((change) => ({
    key: `field:${change.fieldId}`,
    cells: [
      { key: 'field', content: fieldName(change) },
      { key: 'now', content: shownOrEmpty(change.current) },
      { key: 'next', content: shownOrEmpty(change.next) },
    ],
  }));
  if (preview.status) {
    rows.push({
      key: 'status',
      cells: [
        { key: 'field', content: `Status (through “${preview.status.transition}”)` },
        { key: 'now', content: preview.status.current },
        { key: 'next', content: preview.status.next },
      ],
    });
  }
  return (
    <Stack space="space.200">
      {changed ? (
        <SectionMessage appearance="warning" title="The issue or the ticket changed">
          <Text>What linking does now is shown below. Check it again before you confirm.</Text>
        </SectionMessage>
      ) : null}
      <Text>{copy.intro}</Text>
      {rows.length > 0 ? (
        <DynamicTable
          testId="link-changes"
          label="Jira fields the link changes"
          head={{
            cells: [
              { key: 'field', content: 'Jira field' },
              { key: 'now', content: 'Now in Jira' },
              { key: 'next', content: 'From Zendesk' },
            ],
          }}
          rows={rows}
        />
      ) : (
        <Text>{copy.noChanges}</Text>
      )}
      {preview.statusBlocked !== null ? <Text>{preview.statusBlocked}</Text> : null}
      {preview.left.length > 0 ? (
        <Stack space="space.050">
          <Text>Left as they are:</Text>
          <List type="unordered">
            {preview.left.map((left, index) => (
              <ListItem key={`${index}:${left.field}`}>
                <Text>{`${left.field}: ${left.reason}`}</Text>
              </ListItem>
            ))}
          </List>
        </Stack>
      ) : null}
      <Text testId="link-conversation">{copy.conversation}</Text>
      <Text color="color.text.subtle">{copy.after}</Text>
    </Stack>
  );
}
