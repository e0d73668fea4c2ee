import { describe, expect, it } from 'vitest';
import {
  EMPTY_FILTER,
  filterQueryString,
  isFilterEmpty,
  parseRecordFilter,
  setValues,
  toggleValue,
  withFilter,
} from './record-filter';

const parse = (query: string) => parseRecordFilter(new URLSearchParams(query));

describe('record filter in the URL', () => {
  it('reads every filter the records API takes, with empty values meaning "none"', () => {
    const filter = parse(
      'group=g1&group=g2&errorClass=&errorClass=java.lang.IllegalStateException&originTopic=payments' +
        '&partition=3&partition=1&status=unresolved&format=spring-kafka&from=2025-03-14T09:00:00Z' +
        '&to=1741950000000&key=order-12*&q=timeout',
    );
    expect(filter).toEqual({
      group: ['g1', 'g2'],
      errorClass: [null, 'java.lang.IllegalStateException'],
      originTopic: ['payments'],
      partition: [1, 3],
      status: ['unresolved'],
      format: ['spring-kafka'],
      from: Date.parse('2025-03-14T09:00:00Z'),
      to: 1741950000000,
      key: 'order-12*',
      q: 'timeout',
    });
  });

  it('writes a canonical query string, so equal filters share one cache key', () => {
    const a = parse('status=unresolved&group=b&group=a&partition=2&partition=10');
    const b = parse('partition=10&group=a&partition=2&status=unresolved&group=b&group=a');
    expect(filterQueryString(a)).toBe('group=a&group=b&partition=2&partition=10&status=unresolved');
    expect(filterQueryString(b)).toBe(filterQueryString(a));
  });

  it('round-trips through its own query string', () => {
    const query =
      'group=g1&errorClass=&errorClass=x.Y&originTopic=&partition=0&status=failed&format=unknown' +
      '&from=2025-03-14T09%3A00%3A00Z&to=2025-03-14T10%3A00%3A00.123Z&key=k*&q=a+b';
    const filter = parse(query);
    expect(filterQueryString(filter)).toBe(query);
    expect(parse(filterQueryString(filter))).toEqual(filter);
  });

  it('drops values the API would refuse instead of failing the page', () => {
    const filter = parse(
      'group=not%20an%20id&partition=-1&partition=abc&partition=2000000&status=UNRESOLVED&from=soon',
    );
    expect(filter).toEqual(EMPTY_FILTER);
    expect(isFilterEmpty(filter)).toBe(true);
  });

  it('keeps blank text out of the URL', () => {
    expect(filterQueryString({ ...EMPTY_FILTER, key: '  ', q: ' ' })).toBe('');
  });

  it('replaces the filter and keeps the other parameters, such as the open record', () => {
    const current = new URLSearchParams('status=failed&record=payments.DLT~1~42&q=old');
    const next = withFilter(current, { ...EMPTY_FILTER, q: 'new' });
    expect(next.toString()).toBe('q=new&record=payments.DLT%7E1%7E42');
  });

  it('toggles and sets list values', () => {
    let filter = toggleValue(EMPTY_FILTER, 'originTopic', null);
    filter = toggleValue(filter, 'originTopic', 'orders');
    expect(filter.originTopic).toEqual([null, 'orders']);
    filter = toggleValue(filter, 'originTopic', null);
    expect(filter.originTopic).toEqual(['orders']);
    expect(setValues(filter, 'partition', [5, 1, 5]).partition).toEqual([1, 5]);
  });
});
