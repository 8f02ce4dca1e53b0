/**
 * DynamicTable. @forge/react flattens `head`/`rows` into child nodes so cell contents can
 * be reconciled (out/components/dynamic-table.js): DynamicTable > ContentWrapper(name:
 * 'head') > Cell*, and ContentWrapper(name:'rows') > Row(rowKey) > Cell(cellKey)*. The
 * host turns those back into the props @atlaskit/dynamic-table expects, as Jira does.
 */
import DynamicTable from '@atlaskit/dynamic-table';
import type { ComponentProps } from 'react';
import { useRenderHost, type NodeProps } from '../context';
import { callApp } from '../events';
import type { ForgeDoc } from '../forgeDoc';
import { bool, fn, num, oneOf, str } from '../props';

type TableProps = ComponentProps<typeof DynamicTable>;
type Head = NonNullable<TableProps['head']>;
type Rows = NonNullable<TableProps['rows']>;

function wrapper(node: ForgeDoc, name: 'head' | 'rows'): ForgeDoc | undefined {
  return node.children.find((child) => child.type === 'ContentWrapper' && child.props.name === name);
}

function widthOf(cell: ForgeDoc): { width: number } | Record<string, never> {
  const width = num(cell.props, 'width');
  return width === undefined ? {} : { width };
}

function colSpanOf(cell: ForgeDoc): { colSpan: number } | Record<string, never> {
  const colSpan = num(cell.props, 'colSpan');
  return colSpan === undefined ? {} : { colSpan };
}

function cellKey(cell: ForgeDoc, index: number): string | number {
  const key = cell.props.cellKey;
  return typeof key === 'string' || typeof key === 'number' ? key : index;
}

/** Atlaskit's sort data carries the row's React content; the app gets only what can cross the bridge. */
function sortPayload(data: unknown): { key?: string | number; sortOrder?: string } {
  if (typeof data !== 'object' || data === null) return {};
  const { key, sortOrder } = data as { key?: unknown; sortOrder?: unknown };
  return {
    ...(typeof key === 'string' || typeof key === 'number' ? { key } : {}),
    ...(typeof sortOrder === 'string' ? { sortOrder } : {}),
  };
}

export function DynamicTableNode({ node }: NodeProps) {
  const host = useRenderHost();
  const { props } = node;
  const headNode = wrapper(node, 'head');
  const rowsNode = wrapper(node, 'rows');

  const headCells = (headNode?.children ?? []).filter((cell) => cell.type === 'Cell');
  const head: Head | undefined =
    headCells.length > 0
      ? {
          cells: headCells.map((cell, index) => ({
            key: cellKey(cell, index),
            content: host.renderChildren(cell.children),
            isSortable: bool(cell.props, 'isSortable'),
            shouldTruncate: bool(cell.props, 'shouldTruncate'),
            ...widthOf(cell),
          })),
        }
      : undefined;

  const rows: Rows = (rowsNode?.children ?? [])
    .filter((row) => row.type === 'Row')
    .map((row, rowIndex) => {
      const rowKey = row.props.rowKey;
      return {
        key: typeof rowKey === 'string' || typeof rowKey === 'number' ? String(rowKey) : `row-${rowIndex}`,
        cells: row.children
          .filter((cell) => cell.type === 'Cell')
          .map((cell, index) => ({
            key: cellKey(cell, index),
            content: host.renderChildren(cell.children),
            ...colSpanOf(cell),
          })),
      };
    });

  const label = str(props, 'label');
  const caption = str(props, 'caption');
  const rowsPerPage = num(props, 'rowsPerPage');
  const defaultPage = num(props, 'defaultPage');
  const page = num(props, 'page');
  const sortKey = str(props, 'sortKey') ?? str(props, 'defaultSortKey');
  const sortOrder =
    oneOf(props, 'sortOrder', ['ASC', 'DESC'] as const) ??
    oneOf(props, 'defaultSortOrder', ['ASC', 'DESC'] as const);
  const onSetPage = fn(props, 'onSetPage');
  const onSort = fn(props, 'onSort');
  const testId = str(props, 'testId');
  const emptyView = str(props, 'emptyView');
  return (
    <DynamicTable
      {...(head ? { head } : {})}
      rows={rows}
      {...(label ? { label } : {})}
      {...(caption ? { caption } : {})}
      {...(rowsPerPage !== undefined ? { rowsPerPage } : {})}
      {...(defaultPage !== undefined ? { defaultPage } : {})}
      {...(page !== undefined ? { page } : {})}
      {...(sortKey ? { defaultSortKey: sortKey } : {})}
      {...(sortOrder ? { defaultSortOrder: sortOrder } : {})}
      {...(testId ? { testId } : {})}
      {...(emptyView ? { emptyView: <p>{emptyView}</p> } : {})}
      isLoading={bool(props, 'isLoading')}
      isFixedSize={bool(props, 'isFixedSize')}
      {...(onSetPage ? { onSetPage: (next: number) => callApp(host.reportError, onSetPage, next) } : {})}
      {...(onSort ? { onSort: (data: unknown) => callApp(host.reportError, onSort, sortPayload(data)) } : {})}
    />
  );
}
