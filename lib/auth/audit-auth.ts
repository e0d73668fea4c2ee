import 'server-only';
import { log } from '../log';
import { appendAudit, type AuditEvent } from '../state/audit';

/**
 * Logins, failed logins and logouts are audited without holding up the response: signing in must keep working
 * while Kafka is unreachable (the index still answers), and a failed login must not wait for a delivery timeout.
 * A write that fails is logged instead. Every other audited action awaits its entry.
 */
export function auditInBackground(event: AuditEvent): void {
  appendAudit(event).catch((err: unknown) =>
    log.error('audit event not written', {
      action: event.action,
      actor: event.actor,
      error: err instanceof Error ? err.message : String(err),
    }),
  );
}
