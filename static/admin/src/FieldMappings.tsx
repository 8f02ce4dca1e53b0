import Button from '@atlaskit/button/new';
import Checkbox from '@atlaskit/checkbox';
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import { Box, Stack, Text } from '@atlaskit/primitives';
import Select from '@atlaskit/select';
import { isCompatible, takesValueMap } from '../../../src/domain/fieldCompatibility';
import type { JiraFieldInfo, ZendeskFieldInfo } from '../../../src/domain/rpc';
import type { DraftField } from './itemDraft';
import { ValueMapTable } from './ValueMapTable';
import { formatOptionLabel } from './OptionLabel';
import { jiraFieldOption, type Option, zendeskFieldDetail, zendeskFieldOption } from './selectOptions';

interface Props {
  fields: DraftField[];
  zendeskFields: ZendeskFieldInfo[] | null;
  jiraFields: JiraFieldInfo[] | null;
  syncing: boolean;
  loading: boolean;
  onAdd: (zendeskFieldId: string, label: string) => void;
  onChange: (zendeskFieldId: string, change: Partial<Omit<DraftField, 'zendeskFieldId'>>) => void;
  onRemove: (zendeskFieldId: string) => void;
}

/**
 * Zendesk fields chosen for the item. Fields are identified by id, and every place that
 * names one also shows the id, so two custom fields titled alike stay distinguishable.
 */
export function FieldMappings({
  fields,
  zendeskFields,
  jiraFields,
  syncing,
  loading,
  onAdd,
  onChange,
  onRemove,
}: Props) {
  const byId = new Map((zendeskFields ?? []).map((f) => [f.id, f]));
  const mapped = new Set(fields.map((f) => f.zendeskFieldId));
  const addOptions = (zendeskFields ?? []).filter((f) => !mapped.has(f.id)).map(zendeskFieldOption);
  const jiraById = new Map((jiraFields ?? []).map((f) => [f.id, f]));
  /** Only targets Jira lets the connector set on create and whose type fits the Zendesk field. */
  const targetsFor = (info: ZendeskFieldInfo | undefined): Option[] =>
    (jiraFields ?? [])
      .filter((j) => info !== undefined && isCompatible(info.type, j.kind))
      .map(jiraFieldOption);

  const head = {
    cells: [
      { key: 'zendesk', content: 'Zendesk field', width: 40 },
      ...(syncing ? [{ key: 'jira', content: 'Jira field', width: 35 }] : []),
      { key: 'preview', content: 'Preview', width: 15 },
      { key: 'actions', content: '', width: 10 },
    ],
  };

  const rows = fields.map((field) => {
    const info = byId.get(field.zendeskFieldId);
    const jiraOptions = targetsFor(info);
    const target = field.jiraFieldId ? jiraById.get(field.jiraFieldId) : undefined;
    const allowed = field.jiraFieldId ? jiraOptions.some((o) => o.value === field.jiraFieldId) : true;
    const jiraValue = field.jiraFieldId
      ? (jiraOptions.find((o) => o.value === field.jiraFieldId) ?? {
          label: field.jiraFieldId,
          value: field.jiraFieldId,
        })
      : null;
    return {
      key: field.zendeskFieldId,
      testId: `mapping-${field.zendeskFieldId}`,
      cells: [
        {
          key: 'zendesk',
          content: (
            <Stack space="space.025">
              <Text weight="medium">{info?.label ?? field.label}</Text>
              <Text size="small" color="color.text.subtlest">
                {info ? zendeskFieldDetail(info) : `ID ${field.zendeskFieldId}`}
              </Text>
              {zendeskFields && !info && (
                <Box>
                  <Lozenge appearance="moved">Not found in Zendesk</Lozenge>
                </Box>
              )}
            </Stack>
          ),
        },
        ...(syncing
          ? [
              {
                key: 'jira',
                content: (
                  <Stack space="space.100">
                    <Select<Option, false>
                      inputId={`jira-field-${field.zendeskFieldId}`}
                      aria-label={`Jira field for ${info?.label ?? field.label}`}
                      options={jiraOptions}
                      value={jiraValue}
                      onChange={(opt) =>
                        onChange(field.zendeskFieldId, { jiraFieldId: opt?.value ?? null, valueMap: null })
                      }
                      placeholder="Not synced (preview only)"
                      isClearable
                      isLoading={loading && !jiraFields}
                      formatOptionLabel={formatOptionLabel}
                      noOptionsMessage={() =>
                        'No Jira field of a compatible type can be set on this project’s create screen'
                      }
                      menuPosition="fixed"
                      spacing="compact"
                    />
                    {jiraFields && !allowed && (
                      <Box testId={`not-allowed-${field.zendeskFieldId}`}>
                        <Lozenge appearance="removed">Not allowed</Lozenge>{' '}
                        <Text size="small" color="color.text.subtle">
                          Read-only, off the create screen, or a type this Zendesk field cannot go to. Choose
                          another Jira field.
                        </Text>
                      </Box>
                    )}
                    {info && target && allowed && takesValueMap(target.kind) && (
                      <ValueMapTable
                        zendesk={info}
                        target={target}
                        valueMap={field.valueMap}
                        onChange={(valueMap) => onChange(field.zendeskFieldId, { valueMap })}
                      />
                    )}
                  </Stack>
                ),
              },
            ]
          : []),
        {
          key: 'preview',
          content: (
            <Checkbox
              label="Show in panel"
              isChecked={field.preview}
              onChange={(e) => onChange(field.zendeskFieldId, { preview: e.target.checked })}
              testId={`preview-${field.zendeskFieldId}`}
            />
          ),
        },
        {
          key: 'actions',
          content: (
            <Button appearance="subtle" spacing="compact" onClick={() => onRemove(field.zendeskFieldId)}>
              Remove
            </Button>
          ),
        },
      ],
    };
  });

  return (
    <Stack space="space.100" testId="field-mappings">
      <Text weight="bold">Field mappings</Text>
      <Text as="p" color="color.text.subtle">
        {syncing
          ? 'Pick the Zendesk fields to sync and the Jira field each one writes to. Fields without a Jira field are only shown in the issue panel.'
          : 'Pick the Zendesk fields Jira users see in the issue panel preview.'}
      </Text>
      <Box>
        <Select<Option, false>
          inputId="add-zendesk-field"
          aria-label="Add Zendesk field"
          options={addOptions}
          value={null}
          onChange={(opt) => opt && onAdd(opt.value, byId.get(opt.value)?.label ?? opt.value)}
          placeholder={loading && !zendeskFields ? 'Loading Zendesk fields…' : 'Add a Zendesk field…'}
          isLoading={loading && !zendeskFields}
          isDisabled={!zendeskFields}
          formatOptionLabel={formatOptionLabel}
          noOptionsMessage={() =>
            zendeskFields?.length ? 'All fields are mapped' : 'Zendesk returned no fields'
          }
          menuPosition="fixed"
        />
      </Box>
      {fields.length > 0 && <DynamicTable head={head} rows={rows} testId="mappings-table" />}
    </Stack>
  );
}
