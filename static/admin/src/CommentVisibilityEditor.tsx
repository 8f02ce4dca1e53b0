import { Box, Stack, Text, xcss } from '@atlaskit/primitives';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import type { CommentVisibility } from '../../../src/domain/commentVisibility';
import type { SyncMode } from '../../../src/domain/types';
import { FormRow } from './FormRow';
import type { Option } from './selectOptions';

interface Props {
  visibility: CommentVisibility;
  syncMode: SyncMode;
  /** The project's roles (from Jira). */
  roles: string[];
  onChange: (visibility: CommentVisibility) => void;
}

type Audience = 'everyone' | 'role' | 'group';

const grid = xcss({ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 'space.200' });

const replyOptions: Option<CommentVisibility['jiraToZendesk']>[] = [
  { value: 'public', label: 'Public replies (customers see them)' },
  { value: 'internal', label: 'Internal notes (agents only)' },
];
const audienceOptions: Option<Audience>[] = [
  { value: 'everyone', label: 'Everyone who can see the issue' },
  { value: 'role', label: 'A project role' },
  { value: 'group', label: 'A group' },
];

/** Where comments land on each side: public or internal in Zendesk, restricted or not in Jira. */
export function CommentVisibilityEditor({ visibility, syncMode, roles, onChange }: Props) {
  const notes = visibility.internalNotes;
  const audience: Audience = notes?.type ?? 'everyone';
  const roleOptions: Option[] = roles.map((r) => ({ value: r, label: r }));
  return (
    <Stack space="space.100" testId="comment-visibility">
      <Text weight="bold">Comment visibility</Text>
      <Box xcss={grid}>
        <FormRow
          id="jira-to-zendesk"
          label="Jira comments reach Zendesk as"
          helper={
            syncMode === 'twoWay'
              ? 'Restricted Jira comments always become internal notes.'
              : 'Only two-way items send Jira comments to Zendesk.'
          }
        >
          <Select<Option<CommentVisibility['jiraToZendesk']>, false>
            inputId="jira-to-zendesk"
            options={replyOptions}
            value={replyOptions.find((o) => o.value === visibility.jiraToZendesk) ?? null}
            onChange={(opt) => opt && onChange({ ...visibility, jiraToZendesk: opt.value })}
            isDisabled={syncMode !== 'twoWay'}
          />
        </FormRow>
        <Stack space="space.100">
          <FormRow
            id="internal-note-audience"
            label="Jira copies of Zendesk internal notes are visible to"
            helper="The app's Jira account must belong to the role or group, or Jira refuses the copy."
          >
            <Select<Option<Audience>, false>
              inputId="internal-note-audience"
              options={audienceOptions}
              value={audienceOptions.find((o) => o.value === audience) ?? null}
              onChange={(opt) => {
                if (!opt || opt.value === 'everyone') {
                  onChange({ jiraToZendesk: visibility.jiraToZendesk });
                } else {
                  const value = opt.value === 'role' ? (roles[0] ?? '') : '';
                  onChange({ ...visibility, internalNotes: { type: opt.value, value } });
                }
              }}
            />
          </FormRow>
          {notes?.type === 'role' && (
            <FormRow id="internal-note-role" label="Role">
              <Select<Option, false>
                inputId="internal-note-role"
                options={roleOptions}
                value={notes.value ? { value: notes.value, label: notes.value } : null}
                onChange={(opt) =>
                  opt && onChange({ ...visibility, internalNotes: { type: 'role', value: opt.value } })
                }
                noOptionsMessage={() => 'The project has no roles'}
              />
            </FormRow>
          )}
          {notes?.type === 'group' && (
            <FormRow id="internal-note-group" label="Group name">
              <Textfield
                id="internal-note-group"
                value={notes.value}
                onChange={(e) =>
                  onChange({ ...visibility, internalNotes: { type: 'group', value: e.currentTarget.value } })
                }
                placeholder="e.g. support-agents"
              />
            </FormRow>
          )}
        </Stack>
      </Box>
    </Stack>
  );
}
