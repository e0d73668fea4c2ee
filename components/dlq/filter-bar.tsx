'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { isTypingTarget } from '@/lib/ui/keyboard';
import { facetsQuery, groupsQuery } from '@/lib/ui/queries';
import {
  EMPTY_FILTER,
  isFilterEmpty,
  setValues,
  toggleValue,
  type ListField,
  type ListValue,
  type RecordFilter,
} from '@/lib/ui/record-filter';
import { FacetFilter, type FacetOption } from './facet-filter';
import { TextFilter } from './text-filter';
import { TimeRangeFilter } from './time-range-filter';

const FACET_NAMES: Record<ListField, string> = {
  group: 'Error group',
  errorClass: 'Error class',
  originTopic: 'Origin topic',
  partition: 'Partition',
  status: 'Status',
  format: 'Format',
};

export function FilterBar({
  topic,
  filter,
  setFilter,
}: {
  topic: string;
  filter: RecordFilter;
  setFilter: (next: RecordFilter) => void;
}) {
  const facets = useQuery(facetsQuery(topic, filter));
  const groups = useQuery(groupsQuery(topic));
  const searchInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target))
        return;
      event.preventDefault();
      searchInput.current?.focus();
      searchInput.current?.select();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  const groupTitle = (id: string) =>
    facets.data?.group.find((g) => g.value === id)?.title ??
    groups.data?.groups.find((g) => g.id === id)?.title ??
    id;

  const options: { [F in ListField]: FacetOption<ListValue<F>>[] } = {
    group: (facets.data?.group ?? []).map((g) => ({ value: g.value, label: g.title, count: g.count })),
    errorClass: (facets.data?.errorClass ?? []).map((v) => ({
      value: v.value,
      label: v.value ?? '',
      count: v.count,
    })),
    originTopic: (facets.data?.originTopic ?? []).map((v) => ({
      value: v.value,
      label: v.value ?? '',
      count: v.count,
    })),
    partition: (facets.data?.partition ?? []).map((v) => ({
      value: v.value,
      label: String(v.value),
      count: v.count,
    })),
    status: (facets.data?.status ?? []).map((v) => ({ value: v.value, label: v.value, count: v.count })),
    format: (facets.data?.format ?? []).map((v) => ({ value: v.value, label: v.value, count: v.count })),
  };

  const facet = <F extends ListField>(field: F) => (
    <FacetFilter<ListValue<F>>
      key={field}
      name={FACET_NAMES[field]}
      options={options[field]}
      selected={filter[field] as ListValue<F>[]}
      onToggle={(value) => setFilter(toggleValue(filter, field, value))}
      onClear={() => setFilter(setValues(filter, field, []))}
    />
  );

  return (
    <div className="space-y-2" aria-label="Filters" role="region">
      <div className="flex flex-wrap gap-2">
        <TextFilter
          key={`q:${filter.q}`}
          ref={searchInput}
          label="Search"
          value={filter.q}
          placeholder="key, error message, value text"
          hint="/"
          onApply={(q) => setFilter({ ...filter, q })}
          className="min-w-64 flex-[2]"
        />
        <TextFilter
          key={`key:${filter.key}`}
          label="Key"
          value={filter.key}
          placeholder="exact, or prefix*"
          onApply={(key) => setFilter({ ...filter, key })}
          className="min-w-48 flex-1"
        />
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {facet('group')}
        {facet('errorClass')}
        {facet('originTopic')}
        {facet('partition')}
        {facet('status')}
        {facet('format')}
        <div className="ml-auto">
          <TimeRangeFilter
            from={filter.from}
            to={filter.to}
            onChange={(from, to) => setFilter({ ...filter, from, to })}
          />
        </div>
      </div>
      {facets.data && !facets.data.exact && (
        <p className="text-xs text-zinc-500">
          Counts beside the options cover the newest matches of the search only (there are too many to count
          exactly).
        </p>
      )}
      <ActiveFilters filter={filter} setFilter={setFilter} groupTitle={groupTitle} />
    </div>
  );
}

function ActiveFilters({
  filter,
  setFilter,
  groupTitle,
}: {
  filter: RecordFilter;
  setFilter: (next: RecordFilter) => void;
  groupTitle: (id: string) => string;
}) {
  if (isFilterEmpty(filter)) return null;
  const chips: { id: string; label: string; remove: RecordFilter }[] = [];
  for (const field of Object.keys(FACET_NAMES) as ListField[]) {
    for (const value of filter[field] as ListValue<typeof field>[]) {
      const text = value === null ? '(none)' : field === 'group' ? groupTitle(String(value)) : String(value);
      chips.push({
        id: `${field}:${String(value)}`,
        label: `${FACET_NAMES[field]}: ${text}`,
        remove: toggleValue(filter, field, value),
      });
    }
  }
  if (filter.q) chips.push({ id: 'q', label: `Search: ${filter.q}`, remove: { ...filter, q: '' } });
  if (filter.key) chips.push({ id: 'key', label: `Key: ${filter.key}`, remove: { ...filter, key: '' } });
  if (filter.from !== null || filter.to !== null) {
    chips.push({ id: 'time', label: 'Time range', remove: { ...filter, from: null, to: null } });
  }
  return (
    <ul
      className="flex flex-wrap items-center gap-1.5"
      aria-label="Active filters"
      data-testid="active-filters"
    >
      {chips.map((chip) => (
        <li
          key={chip.id}
          className="flex max-w-md items-center gap-1 rounded-full bg-sky-50 py-0.5 pr-1 pl-2.5 text-xs text-sky-900 dark:bg-sky-950 dark:text-sky-100"
        >
          <span className="truncate" title={chip.label}>
            {chip.label}
          </span>
          <button
            type="button"
            onClick={() => setFilter(chip.remove)}
            aria-label={`Remove filter ${chip.label}`}
            className="rounded-full px-1 hover:bg-sky-100 dark:hover:bg-sky-900"
          >
            ×
          </button>
        </li>
      ))}
      <li>
        <button
          type="button"
          onClick={() => setFilter(EMPTY_FILTER)}
          className="text-xs text-sky-700 hover:underline dark:text-sky-400"
        >
          Clear all
        </button>
      </li>
    </ul>
  );
}
