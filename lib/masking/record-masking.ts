import 'server-only';
import { ApiError, ForbiddenError } from '../api/errors';
import type { Principal } from '../auth/principal';
import { hasRole } from '../auth/roles';
import type { Config } from '../config/schema';
import { log } from '../log';
import { appendAudit } from '../state/audit';
import type { RecordPage, StoredRecord } from '../store/types';
import { maskerFor } from './masker';

/** A records page as everyone sees it: previews are always masked (revealing is per record). */
export function maskedPage(config: Config, page: RecordPage): RecordPage {
  const masker = maskerFor(config);
  return masker.active ? { ...page, rows: page.rows.map((row) => masker.row(row)) } : page;
}

export interface MaskedRecord extends StoredRecord {
  /** The fields masking changed or withheld (`value`, `headers.<name>`, `error.message`...). */
  masked: string[];
  /** The real values were asked for and shown (operators and admins, audited). */
  revealed: boolean;
}

/**
 * One record as this principal may see it. Masked for everyone by default; an operator or admin asking to reveal
 * gets the real values once the view is in the audit trail (no audit entry, no real values).
 */
export async function recordFor(
  config: Config,
  principal: Principal,
  stored: StoredRecord,
  reveal: boolean,
): Promise<MaskedRecord> {
  const { record, masked } = maskerFor(config).record(stored.record);
  if (!reveal || masked.length === 0) return { ...stored, record, masked, revealed: false };
  if (!hasRole(principal.role, 'operator'))
    throw new ForbiddenError(`revealing masked values needs the operator role; you are ${principal.role}`);
  try {
    await appendAudit({
      actor: principal.name,
      action: 'masked-value-viewed',
      target: stored.id,
      detail: { fields: masked },
    });
  } catch (err) {
    log.error('audit event not written', {
      action: 'masked-value-viewed',
      error: err instanceof Error ? err.message : String(err),
    });
    throw new ApiError(503, 'the audit trail cannot be written right now, so masked values stay masked');
  }
  return { ...stored, masked, revealed: true };
}

/**
 * Error-group titles (overview, groups panel, facets, alerts) are error-message text: the masking patterns apply
 * to every `title` in a response, so no view shows a viewer what the record detail masks.
 */
export function withMaskedTitles<T>(config: Config, body: T): T {
  const masker = maskerFor(config);
  if (!masker.active) return body;
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [
        key,
        key === 'title' && typeof v === 'string' ? masker.text(v) : walk(v),
      ]),
    );
  };
  return walk(body) as T;
}
