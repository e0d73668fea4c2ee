import { describe, expect, it } from 'vitest';
import type { DlqHeader, Payload } from '@/lib/dlq/types';
import { draftBody, editorStart } from './fix-draft';

const payload = (over: Partial<Payload>): Payload => ({
  kind: 'json',
  size: 0,
  truncated: false,
  text: null,
  base64: null,
  schemaId: null,
  ...over,
});

const headers: DlqHeader[] = [
  { key: 'trace', text: 'abc', base64: null },
  { key: 'nullable', text: null, base64: null },
  { key: 'blob', text: null, base64: 'AAEC' },
];

const record = {
  key: payload({ kind: 'text', text: 'k-1' }),
  value: payload({ text: '{"a":1}' }),
  headers,
  originTopic: 'orders',
};

describe('fix draft from the editor', () => {
  it('starts from the record and sends nothing while nothing changed', () => {
    const { original, start, binaryHeaders } = editorStart(record, null);
    expect(start).toEqual(original);
    expect(original.value).toEqual({ mode: 'json', text: '{"a":1}' });
    expect(original.key).toEqual({ mode: 'text', text: 'k-1' });
    expect(original.headers).toEqual([
      { key: 'trace', value: 'abc' },
      { key: 'nullable', value: null },
    ]);
    expect(binaryHeaders).toBe(1);
    expect(draftBody(original, start)).toEqual({});
  });

  it('sends only the fields that differ', () => {
    const { original, start } = editorStart(record, null);
    expect(draftBody(original, { ...start, value: { mode: 'json', text: '{"a":2}' } })).toEqual({
      value: { text: '{"a":2}' },
    });
    expect(draftBody(original, { ...start, key: { mode: 'null', text: 'ignored' } })).toEqual({ key: null });
    expect(draftBody(original, { ...start, targetTopic: ' orders-retry ' })).toEqual({
      targetTopic: 'orders-retry',
    });
    expect(draftBody(original, { ...start, headers: [{ key: 'trace', value: 'abc' }] })).toEqual({
      headers: [{ key: 'trace', value: 'abc' }],
    });
  });

  it('starts from a saved draft, and a draft equal to the record sends nothing', () => {
    const draft = { value: { text: 'plain' }, key: null, targetTopic: 'other', savedBy: 'otto', savedAt: 1 };
    const { original, start } = editorStart(record, draft);
    expect(start.value).toEqual({ mode: 'text', text: 'plain' });
    expect(start.key).toEqual({ mode: 'null', text: '' });
    expect(start.targetTopic).toBe('other');
    expect(draftBody(original, start)).toEqual({ value: { text: 'plain' }, key: null, targetTopic: 'other' });
    expect(draftBody(original, original)).toEqual({});
  });

  it('leaves binary and truncated payloads uneditable', () => {
    const { start } = editorStart(
      { ...record, value: payload({ kind: 'binary', base64: 'AAE=' }), key: payload({ kind: 'null' }) },
      null,
    );
    expect(start.value).toBeNull();
    expect(start.key).toEqual({ mode: 'null', text: '' });
    expect(
      editorStart({ ...record, value: payload({ text: '{', truncated: true }) }, null).start.value,
    ).toBeNull();
  });
});
