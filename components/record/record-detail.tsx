'use client';

import type { ReactNode } from 'react';
import { StatusBadge } from '@/components/dlq/status-badge';
import { CopyButton } from '@/components/ui/copy-button';
import { Timestamp } from '@/components/ui/timestamp';
import type { RecordView } from '@/lib/ui/queries';
import { HeadersTable } from './headers-table';
import { FieldList } from './field-list';
import { MaskedNotice } from './masked-notice';
import { PayloadView } from './payload-view';
import { RecordActions } from './record-actions';

function Section({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="space-y-2 border-t border-zinc-200 px-4 py-3 dark:border-zinc-800">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">{title}</h3>
        {actions && <div className="flex gap-1.5">{actions}</div>}
      </div>
      {children}
    </section>
  );
}

const mono = (text: string | number | null) =>
  text === null ? null : <span className="font-mono break-all">{text}</span>;

const coordinates = (topic: string | null, partition: number | null, offset: string | null) =>
  `${topic ?? '?'}/${partition ?? '?'}@${offset ?? '?'}`;

export interface RevealControl {
  revealing: boolean;
  error: string | null;
  onReveal: () => void;
}

export function RecordDetail({
  stored,
  canEdit,
  reveal,
}: {
  stored: RecordView;
  canEdit: boolean;
  reveal: RevealControl;
}) {
  const { record } = stored;
  const { error, origin, dlq } = record;
  const safeName = `${dlq.topic}-${dlq.partition}-${dlq.offset}`;

  return (
    <div className="pb-6">
      <div className="flex flex-wrap items-center gap-2 px-4 pb-3 text-sm">
        <StatusBadge status={stored.status} />
        <span className="text-zinc-500">
          {record.format}
          {stored.replayCount > 0 && <>, replayed {stored.replayCount}×</>}
        </span>
        {canEdit && <RecordActions stored={stored} />}
      </div>
      {stored.masked.length > 0 && (
        <MaskedNotice
          fields={stored.masked}
          revealed={stored.revealed}
          canReveal={canEdit}
          revealing={reveal.revealing}
          error={reveal.error}
          onReveal={reveal.onReveal}
        />
      )}

      <Section title="Error">
        <FieldList
          testId="error-fields"
          fields={[
            ['Class', mono(error.class)],
            [
              'Message',
              error.message === null ? null : <span className="whitespace-pre-wrap">{error.message}</span>,
            ],
            ['Cause class', mono(error.causeClass)],
            [
              'Cause',
              error.cause === null ? null : <span className="whitespace-pre-wrap">{error.cause}</span>,
            ],
            ['Stage', error.stage],
            ['Executing class', mono(error.executingClass)],
            ['Connector', error.connector],
            ['Task', error.task],
            ['Error group', record.errorGroup.title],
          ]}
        />
        {error.keyError && (
          <FieldList
            fields={[
              ['Key error class', mono(error.keyError.class)],
              ['Key error', error.keyError.message],
            ]}
          />
        )}
        {error.stackTrace && (
          <details className="rounded-md border border-zinc-200 dark:border-zinc-800">
            <summary className="cursor-pointer px-2 py-1 text-sm">Stack trace</summary>
            <pre className="max-h-96 overflow-auto border-t border-zinc-200 p-2 font-mono text-xs leading-5 dark:border-zinc-800">
              {error.stackTrace}
            </pre>
          </details>
        )}
        {error.keyError?.stackTrace && (
          <details className="rounded-md border border-zinc-200 dark:border-zinc-800">
            <summary className="cursor-pointer px-2 py-1 text-sm">Key error stack trace</summary>
            <pre className="max-h-96 overflow-auto border-t border-zinc-200 p-2 font-mono text-xs leading-5 dark:border-zinc-800">
              {error.keyError.stackTrace}
            </pre>
          </details>
        )}
      </Section>

      <Section
        title="Origin"
        actions={
          origin.topic !== null && (
            <CopyButton
              text={coordinates(origin.topic, origin.partition, origin.offset)}
              label="Copy origin coordinates"
            />
          )
        }
      >
        <FieldList
          testId="origin-fields"
          fields={[
            ['Topic', mono(origin.topic ?? 'unknown')],
            ['Partition', mono(origin.partition)],
            ['Offset', mono(origin.offset)],
            [
              'Timestamp',
              origin.timestamp === null ? null : (
                <>
                  <Timestamp ms={origin.timestamp} />
                  {origin.timestampType && <span className="text-zinc-500"> ({origin.timestampType})</span>}
                </>
              ),
            ],
            ['Consumer group', mono(origin.consumerGroup)],
            ['Attempts', origin.attempts],
          ]}
        />
      </Section>

      <Section
        title="DLQ coordinates"
        actions={
          <CopyButton text={coordinates(dlq.topic, dlq.partition, dlq.offset)} label="Copy DLQ coordinates" />
        }
      >
        <FieldList
          testId="dlq-fields"
          fields={[
            ['Topic', mono(dlq.topic)],
            ['Partition', mono(dlq.partition)],
            ['Offset', mono(dlq.offset)],
            ['Timestamp', <Timestamp key="ts" ms={dlq.timestamp} />],
          ]}
        />
      </Section>

      {record.warnings.length > 0 && (
        <Section title="Warnings">
          <ul className="space-y-1 text-sm" data-testid="warnings">
            {record.warnings.map((warning, i) => (
              <li
                key={i}
                className="rounded bg-amber-50 px-2 py-1 text-amber-950 dark:bg-amber-950 dark:text-amber-100"
              >
                <span className="font-mono text-xs">{warning.code}</span> {warning.message}
              </li>
            ))}
          </ul>
        </Section>
      )}

      <Section title="Key">
        <PayloadView payload={record.key} name="Key" fileName={`${safeName}.key`} />
      </Section>
      {origin.key && (
        <Section title="Original key">
          <PayloadView payload={origin.key} name="Original key" fileName={`${safeName}.original-key`} />
        </Section>
      )}

      <Section title={`Headers (${record.headers.length})`}>
        <HeadersTable headers={record.headers} />
      </Section>

      <Section title="Value">
        <PayloadView payload={record.value} name="Value" fileName={`${safeName}.value`} />
      </Section>
      {origin.value && (
        <Section title="Original value">
          <PayloadView payload={origin.value} name="Original value" fileName={`${safeName}.original-value`} />
        </Section>
      )}

      <Section title="History">
        {stored.history.length === 0 ? (
          <p className="text-sm text-zinc-500">Nothing done with this record yet.</p>
        ) : (
          <ol className="space-y-1 text-sm" data-testid="history">
            {stored.history.map((entry, i) => (
              <li key={i} className="flex flex-wrap gap-x-2">
                <Timestamp ms={entry.at} />
                <span className="font-medium">{entry.action}</span>
                <span className="text-zinc-500">by {entry.actor}</span>
                <StatusBadge status={entry.status} />
                {entry.detail && (
                  <span className="w-full text-zinc-600 dark:text-zinc-400">{entry.detail}</span>
                )}
              </li>
            ))}
          </ol>
        )}
      </Section>
    </div>
  );
}
