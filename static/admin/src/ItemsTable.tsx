import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import { type SmartItem, ZENDESK_OBJECT_LABELS } from '../../../src/domain/types';
import { WholeLozenge } from './WholeLozenge';
import { FEATURE_KEYS, FEATURE_SHORT_LABELS, SYNC_MODE_LABELS } from './labels';

interface Props {
  items: SmartItem[];
  onEdit: (item: SmartItem) => void;
  onDelete: (item: SmartItem) => void;
}

const head = {
  cells: [
    { key: 'name', content: 'Name', isSortable: true },
    { key: 'mode', content: 'Sync mode' },
    { key: 'project', content: 'Jira project' },
    { key: 'issueType', content: 'Issue type' },
    { key: 'object', content: 'Zendesk object' },
    { key: 'fields', content: 'Mapped fields' },
    { key: 'features', content: 'Enabled features' },
    { key: 'actions', content: '' },
  ],
};

export function ItemsTable({ items, onEdit, onDelete }: Props) {
  const rows = items.map((item) => {
    const features = FEATURE_KEYS.filter((k) => item.features[k]);
    return {
      key: item.id,
      testId: `item-row-${item.id}`,
      cells: [
        { key: item.name, content: <Text weight="medium">{item.name}</Text> },
        {
          key: 'mode',
          content: (
            <WholeLozenge appearance={item.syncMode === 'none' ? 'default' : 'inprogress'}>
              {SYNC_MODE_LABELS[item.syncMode]}
            </WholeLozenge>
          ),
        },
        { key: 'project', content: `${item.projectName} (${item.projectKey})` },
        { key: 'issueType', content: item.issueTypeName ?? 'All issue types' },
        { key: 'object', content: ZENDESK_OBJECT_LABELS[item.zendeskObject] },
        {
          key: 'fields',
          content:
            item.fields.length === 0 ? (
              <Text color="color.text.subtlest">None</Text>
            ) : (
              <Stack space="space.025">
                {item.fields.map((f) => (
                  <Text key={f.zendeskFieldId} size="small">
                    {f.zendeskFieldLabel}
                    {f.jiraFieldId ? ` → ${f.jiraFieldName ?? f.jiraFieldId}` : ''}
                    {f.preview ? '' : ' (hidden)'}
                  </Text>
                ))}
              </Stack>
            ),
        },
        {
          key: 'features',
          content:
            features.length === 0 ? (
              <Text color="color.text.subtlest">None</Text>
            ) : (
              <Inline space="space.050" shouldWrap>
                {features.map((k) => (
                  <WholeLozenge key={k} appearance="success">
                    {FEATURE_SHORT_LABELS[k]}
                  </WholeLozenge>
                ))}
              </Inline>
            ),
        },
        {
          key: 'actions',
          content: (
            <Inline space="space.050">
              <Button spacing="compact" onClick={() => onEdit(item)} testId={`edit-${item.id}`}>
                Edit
              </Button>
              <Button
                spacing="compact"
                appearance="subtle"
                onClick={() => onDelete(item)}
                testId={`delete-${item.id}`}
              >
                Delete
              </Button>
            </Inline>
          ),
        },
      ],
    };
  });

  return (
    <DynamicTable
      head={head}
      rows={rows}
      testId="items-table"
      label="Smart Connected Items"
      emptyView={
        <Box padding="space.300" testId="items-empty">
          <Stack space="space.100" alignInline="center">
            <Text weight="bold">No Smart Connected Items yet</Text>
            <Text color="color.text.subtle">
              Create one to show Zendesk tickets, customers or organizations in the Jira issue panel.
            </Text>
          </Stack>
        </Box>
      }
    />
  );
}
