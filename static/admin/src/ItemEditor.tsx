import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, xcss } from '@atlaskit/primitives';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { useState } from 'react';
import type { RpcError } from '../../../src/domain/rpc';
import {
  type SmartItem,
  SYNC_MODES,
  type SyncMode,
  ZENDESK_OBJECT_LABELS,
  ZENDESK_OBJECTS,
  type ZendeskObject,
} from '../../../src/domain/types';
import { useAdminClient } from './AdminClientContext';
import { AutoCreateConditionsEditor } from './AutoCreateConditionsEditor';
import { CommentVisibilityEditor } from './CommentVisibilityEditor';
import { ConfirmDialog } from './ConfirmDialog';
import { FieldMappings } from './FieldMappings';
import { ItemWarningsMessage, WarningList } from './ItemWarningsMessage';
import { FormRow } from './FormRow';
import {
  addField,
  draftFromItem,
  draftProblems,
  emptyDraft,
  hasProblems,
  isSyncing,
  type ItemDraft,
  removeField,
  syncAllowed,
  toSaveInput,
  updateField,
  withFeature,
  withProject,
  withSyncMode,
  withZendeskObject,
} from './itemDraft';
import { SYNC_MODE_LABELS } from './labels';
import { RpcErrorMessage } from './RpcErrorMessage';
import type { Option } from './selectOptions';
import { SyncFeaturesPicker } from './SyncFeaturesPicker';
import { useEditorMetadata } from './useEditorMetadata';
import { useItemWarnings } from './useItemWarnings';
import { ITEM_NAME_MAX } from '../../../src/domain/itemNames';

interface Props {
  /** The item being edited, or null to create one. */
  item: SmartItem | null;
  onSaved: (item: SmartItem) => void;
  onCancel: () => void;
}

const panelStyles = xcss({
  borderColor: 'color.border',
  borderStyle: 'solid',
  borderWidth: 'border.width',
  borderRadius: 'radius.large',
  padding: 'space.300',
});

const twoColumns = xcss({ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 'space.200' });

const objectOptions: Option<ZendeskObject>[] = ZENDESK_OBJECTS.map((o) => ({
  value: o,
  label: ZENDESK_OBJECT_LABELS[o],
}));

export function ItemEditor({ item, onSaved, onCancel }: Props) {
  const client = useAdminClient();
  const [draft, setDraft] = useState<ItemDraft>(() => (item ? draftFromItem(item) : emptyDraft()));
  const [showProblems, setShowProblems] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<RpcError | null>(null);
  const [confirming, setConfirming] = useState(false);

  const metadata = useEditorMetadata(draft.zendeskObject, draft.projectId, draft.issueTypeId);
  const syncing = isSyncing(draft);
  const problems = draftProblems(draft);
  const checked = useItemWarnings(
    syncing && draft.projectId ? toSaveInput({ ...draft, name: draft.name.trim() || 'Untitled item' }) : null,
  );

  const projectOptions: Option[] = (metadata.data?.projects ?? []).map((p) => ({
    value: p.id,
    label: `${p.name} (${p.key})`,
  }));
  const issueTypeOptions: Option[] = draft.projectId
    ? (metadata.data?.issueTypes ?? []).map((t) => ({ value: t.id, label: t.name }))
    : [];
  const projectValue = draft.projectId
    ? (projectOptions.find((o) => o.value === draft.projectId) ??
      (item?.projectId === draft.projectId
        ? { value: item.projectId, label: `${item.projectName} (${item.projectKey})` }
        : { value: draft.projectId, label: draft.projectId }))
    : null;
  const issueTypeValue = draft.issueTypeId
    ? (issueTypeOptions.find((o) => o.value === draft.issueTypeId) ??
      (item?.issueTypeId === draft.issueTypeId && item.issueTypeName
        ? { value: draft.issueTypeId, label: item.issueTypeName }
        : { value: draft.issueTypeId, label: draft.issueTypeId }))
    : null;
  const modeOptions: Option<SyncMode>[] = SYNC_MODES.map((m) => ({
    value: m,
    label: SYNC_MODE_LABELS[m],
    isDisabled: m !== 'none' && !syncAllowed(draft.zendeskObject),
  }));

  const featuresDisabledReason = !syncAllowed(draft.zendeskObject)
    ? `Sync features are available only for Zendesk tickets. ${ZENDESK_OBJECT_LABELS[draft.zendeskObject]} items are display-only.`
    : draft.syncMode === 'none'
      ? 'Choose One-way sync or Two-way sync to enable sync features.'
      : null;

  const send = async (): Promise<RpcError | null> => {
    setSaving(true);
    setSaveError(null);
    const result = await client.call('saveItem', toSaveInput(draft));
    setSaving(false);
    if (result.ok) {
      onSaved(result.data);
      return null;
    }
    setSaveError(result.error);
    return result.error;
  };

  const save = async () => {
    if (hasProblems(problems)) {
      setShowProblems(true);
      return;
    }
    // Warnings never block, but the admin reads them once more and saves on purpose.
    if (syncing && checked.warnings.length > 0) {
      setConfirming(true);
      return;
    }
    await send();
  };

  return (
    <Box xcss={panelStyles} testId="item-editor">
      <Stack space="space.250">
        <Heading size="medium">{item ? `Edit ${item.name}` : 'Create Smart Connected Item'}</Heading>
        <FormRow
          id="item-name"
          label="Name"
          isRequired
          helper="Shown on the card in the Jira issue panel."
          error={showProblems ? problems.name : undefined}
        >
          <Textfield
            id="item-name"
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
            isInvalid={showProblems && !!problems.name}
            maxLength={ITEM_NAME_MAX}
          />
        </FormRow>
        <Box xcss={twoColumns}>
          <FormRow
            id="zendesk-object"
            label="Zendesk object"
            isRequired
            helper="Tickets support sync; customers and organizations are display-only."
          >
            <Select<Option<ZendeskObject>, false>
              inputId="zendesk-object"
              options={objectOptions}
              value={objectOptions.find((o) => o.value === draft.zendeskObject) ?? null}
              onChange={(opt) => opt && setDraft(withZendeskObject(draft, opt.value))}
            />
          </FormRow>
          <FormRow
            id="sync-mode"
            label="Sync mode"
            isRequired
            helper={
              syncAllowed(draft.zendeskObject)
                ? syncModeHelp(draft.syncMode)
                : 'Only Zendesk tickets can be synchronized; this item is display-only.'
            }
          >
            <Select<Option<SyncMode>, false>
              inputId="sync-mode"
              options={modeOptions}
              value={modeOptions.find((o) => o.value === draft.syncMode) ?? null}
              onChange={(opt) => opt && setDraft(withSyncMode(draft, opt.value))}
              isOptionDisabled={(o) => o.isDisabled === true}
            />
          </FormRow>
          <FormRow
            id="jira-project"
            label="Jira project"
            isRequired
            error={showProblems ? problems.project : undefined}
          >
            <Select<Option, false>
              inputId="jira-project"
              options={projectOptions}
              value={projectValue}
              onChange={(opt) => setDraft(withProject(draft, opt?.value ?? null))}
              isLoading={metadata.loading && !metadata.data}
              placeholder={metadata.loading && !metadata.data ? 'Loading projects…' : 'Choose a project'}
              noOptionsMessage={() => 'No Jira projects found'}
            />
          </FormRow>
          <FormRow
            id="issue-type"
            label="Issue type"
            helper={
              draft.projectId && !draft.issueTypeId && metadata.data?.createIssueType
                ? `Optional. Empty: the item applies to every issue type, only fields every type can set are offered, and auto-create uses ${metadata.data.createIssueType.name}.`
                : 'Optional. Leave empty to apply to every issue type.'
            }
          >
            <Select<Option, false>
              inputId="issue-type"
              options={issueTypeOptions}
              value={issueTypeValue}
              onChange={(opt) => setDraft({ ...draft, issueTypeId: opt?.value ?? null })}
              isClearable
              isDisabled={!draft.projectId}
              isLoading={metadata.loading && !!draft.projectId}
              placeholder={draft.projectId ? 'All issue types' : 'Choose a project first'}
            />
          </FormRow>
        </Box>
        {metadata.error && (
          <RpcErrorMessage
            title="Could not load Jira and Zendesk metadata"
            error={metadata.error}
            onRetry={metadata.reload}
            testId="metadata-error"
          />
        )}
        <SyncFeaturesPicker
          features={draft.features}
          disabledReason={featuresDisabledReason}
          onChange={(feature, on) => setDraft(withFeature(draft, feature, on))}
        />
        {syncing && draft.features.autoCreate && (
          <AutoCreateConditionsEditor
            conditions={draft.autoCreateConditions}
            onChange={(autoCreateConditions) => setDraft({ ...draft, autoCreateConditions })}
          />
        )}
        {syncing && draft.features.commentSync && (
          <CommentVisibilityEditor
            visibility={draft.commentVisibility}
            syncMode={draft.syncMode}
            roles={metadata.data?.roles ?? []}
            onChange={(commentVisibility) => setDraft({ ...draft, commentVisibility })}
          />
        )}
        <FieldMappings
          fields={draft.fields}
          zendeskFields={metadata.data?.zendeskFields ?? null}
          jiraFields={metadata.data?.jiraFields ?? null}
          syncing={syncing}
          loading={metadata.loading}
          onAdd={(id, label) => setDraft(addField(draft, id, label))}
          onChange={(id, change) => setDraft(updateField(draft, id, change))}
          onRemove={(id) => setDraft(removeField(draft, id))}
        />
        {showProblems && problems.fields && (
          <RpcErrorMessage
            title="Check the field mappings"
            error={{ code: 'INVALID_ITEM', message: problems.fields }}
          />
        )}
        {syncing && <ItemWarningsMessage state={checked} />}
        <ConfirmDialog
          isOpen={confirming}
          title="Save with warnings?"
          confirmLabel="Save anyway"
          onConfirm={send}
          onClose={() => setConfirming(false)}
          testId="save-warnings"
        >
          <WarningList warnings={checked.warnings} />
        </ConfirmDialog>
        {saveError && (
          <RpcErrorMessage title="Could not save the item" error={saveError} testId="save-item-error" />
        )}
        <Inline space="space.100">
          <Button appearance="primary" onClick={() => void save()} isLoading={saving} testId="save-item">
            {item ? 'Save changes' : 'Create item'}
          </Button>
          <Button appearance="subtle" onClick={onCancel} isDisabled={saving}>
            Cancel
          </Button>
        </Inline>
      </Stack>
    </Box>
  );
}

function syncModeHelp(mode: SyncMode): string {
  switch (mode) {
    case 'none':
      return 'Jira users link records by hand; nothing is synchronized.';
    case 'oneWay':
      return 'Zendesk is the source of truth; the five-minute sync writes mapped fields into Jira.';
    case 'twoWay':
      return 'Zendesk changes reach Jira every five minutes; Jira edits go back to Zendesk right away.';
  }
}
