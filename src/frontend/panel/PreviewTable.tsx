/**
 * The selected Zendesk fields of a linked record as a two-column table. Values are plain
 * strings rendered as text nodes, never markup (docs/contracts/connector-rules.md § Security).
 */
import { DynamicTable } from '@forge/react';
import type { PreviewValue } from '../../domain/types';

/** The backend already leaves empty values out; skipping them here keeps blank rows away regardless. */
export function visiblePreview(preview: PreviewValue[]): PreviewValue[] {
  return preview.filter((entry) => entry.value.trim() !== '');
}

export function PreviewTable({ preview }: { preview: PreviewValue[] }) {
  const rows = visiblePreview(preview).map((entry, index) => ({
    // Field ids are unique per item; the index only guards against a duplicate slipping through.
    key: `${index}:${entry.fieldId}`,
    cells: [
      { key: 'field', content: entry.label },
      { key: 'value', content: entry.value },
    ],
  }));
  return (
    <DynamicTable
      label="Zendesk field preview"
      head={{
        cells: [
          { key: 'field', content: 'Field' },
          { key: 'value', content: 'Value' },
        ],
      }}
      rows={rows}
    />
  );
}
