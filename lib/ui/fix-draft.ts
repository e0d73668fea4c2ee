import type { DlqHeader, Payload } from '@/lib/dlq/types';
import { checkJson } from '@/lib/fix/json-validate';
import type { DraftPayload, FixDraft, FixDraftInput } from './replay-types';

// The fix editor's state and how it becomes a fix draft: only what differs from the record goes into the draft
// (an absent field means "unchanged"), so a draft never freezes parts the operator did not touch.

export type PayloadMode = 'json' | 'text' | 'null';

export interface PayloadState {
  mode: PayloadMode;
  text: string;
}

export interface HeaderRow {
  key: string;
  value: string | null;
}

/** The editable form of a payload, or null when it is binary or larger than the indexed part. */
export function payloadState(payload: Payload): PayloadState | null {
  if (payload.kind === 'null') return { mode: 'null', text: '' };
  if (payload.truncated || payload.text === null)
    return payload.kind === 'empty' ? { mode: 'text', text: '' } : null;
  return { mode: payload.kind === 'json' ? 'json' : 'text', text: payload.text };
}

function draftState(draft: DraftPayload): PayloadState | null {
  if (draft === null) return { mode: 'null', text: '' };
  if ('base64' in draft) return null;
  return { mode: checkJson(draft.text).ok ? 'json' : 'text', text: draft.text };
}

export function initialPayload(payload: Payload, draft: DraftPayload | undefined): PayloadState | null {
  return draft === undefined ? payloadState(payload) : draftState(draft);
}

/** Headers with a text or null value; binary values cannot be typed and are listed apart. */
export function editableHeaders(headers: DlqHeader[]): { rows: HeaderRow[]; binary: number } {
  const rows: HeaderRow[] = [];
  let binary = 0;
  for (const h of headers) {
    if (h.text !== null) rows.push({ key: h.key, value: h.text });
    else if (h.base64 === null) rows.push({ key: h.key, value: null });
    else binary++;
  }
  return { rows, binary };
}

export const samePayload = (a: PayloadState | null, b: PayloadState | null) =>
  a === null || b === null ? a === b : a.mode === b.mode && (a.mode === 'null' || a.text === b.text);

export const sameHeaders = (a: HeaderRow[], b: HeaderRow[]) =>
  a.length === b.length && a.every((h, i) => h.key === b[i]?.key && h.value === b[i]?.value);

const toDraft = (state: PayloadState): DraftPayload => (state.mode === 'null' ? null : { text: state.text });

export interface EditorState {
  value: PayloadState | null;
  key: PayloadState | null;
  headers: HeaderRow[];
  targetTopic: string;
}

export function draftBody(original: EditorState, edited: EditorState): FixDraftInput {
  const body: FixDraftInput = {};
  if (edited.value && !samePayload(original.value, edited.value)) body.value = toDraft(edited.value);
  if (edited.key && !samePayload(original.key, edited.key)) body.key = toDraft(edited.key);
  if (!sameHeaders(original.headers, edited.headers)) body.headers = edited.headers;
  if (edited.targetTopic.trim() !== original.targetTopic) body.targetTopic = edited.targetTopic.trim();
  return body;
}

export function editorStart(
  record: { key: Payload; value: Payload; headers: DlqHeader[]; originTopic: string | null },
  draft: FixDraft | null,
): { original: EditorState; start: EditorState; binaryHeaders: number } {
  const { rows, binary } = editableHeaders(record.headers);
  const original: EditorState = {
    value: payloadState(record.value),
    key: payloadState(record.key),
    headers: rows,
    targetTopic: record.originTopic ?? '',
  };
  const start: EditorState = {
    value: initialPayload(record.value, draft?.value),
    key: initialPayload(record.key, draft?.key),
    headers: draft?.headers ?? rows,
    targetTopic: draft?.targetTopic ?? original.targetTopic,
  };
  return { original, start, binaryHeaders: binary };
}
