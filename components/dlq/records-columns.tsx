'use client';

import { createColumnHelper, rowSelectionFeature, tableFeatures } from '@tanstack/react-table';
import { Timestamp } from '@/components/ui/timestamp';
import type { RecordRow } from '@/lib/store/types';
import { StatusBadge } from './status-badge';

export const recordFeatures = tableFeatures({ rowSelectionFeature });
const column = createColumnHelper<typeof recordFeatures, RecordRow>();

/** Column widths, shared by the header row and the absolutely positioned body rows. */
export const RECORD_GRID = '2.25rem 10.75rem 11.5rem 9rem 10rem minmax(12rem, 1fr) 6.5rem';

const shortClass = (name: string) => name.slice(name.lastIndexOf('.') + 1);
const muted = 'text-zinc-400 italic';

export const recordColumns = column.columns([
  column.display({ id: 'select', header: 'Select' }),
  column.accessor('time', {
    header: 'Time (UTC)',
    cell: (info) => <Timestamp ms={info.getValue()} zone={false} />,
  }),
  column.display({
    id: 'origin',
    header: 'Origin',
    cell: ({ row: { original: r } }) =>
      r.originTopic === null ? (
        <span className={muted}>unknown</span>
      ) : (
        <span
          title={`${r.originTopic} partition ${r.originPartition ?? '?'} offset ${r.originOffset ?? '?'}`}
        >
          <span className="font-mono">{r.originTopic}</span>
          <span className="text-zinc-500">
            {' '}
            [{r.originPartition ?? '?'}] @{r.originOffset ?? '?'}
          </span>
        </span>
      ),
  }),
  column.accessor('keyPreview', {
    header: 'Key',
    cell: ({ row: { original: r } }) =>
      r.keyPreview === null ? (
        <span className={muted}>{r.keyKind === 'empty' ? 'empty' : 'null'}</span>
      ) : (
        <span className="font-mono" title={r.keyPreview}>
          {r.keyKind === 'binary' && <span className="mr-1 text-xs text-zinc-500">b64</span>}
          {r.keyPreview}
        </span>
      ),
  }),
  column.accessor('errorClass', {
    header: 'Error class',
    cell: (info) => {
      const name = info.getValue();
      return name === null ? (
        <span className={muted}>none</span>
      ) : (
        <span className="font-mono" title={name}>
          {shortClass(name)}
        </span>
      );
    },
  }),
  column.accessor('messagePreview', {
    header: 'Message',
    cell: (info) => {
      const message = info.getValue();
      return message === null ? (
        <span className={muted}>no message</span>
      ) : (
        <span title={message}>{message}</span>
      );
    },
  }),
  column.accessor('status', {
    header: 'Status',
    cell: (info) => <StatusBadge status={info.getValue()} />,
  }),
]);
