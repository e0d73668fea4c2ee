import 'server-only';
import type { Admin } from 'kafkajs';

/**
 * One admin connection, opened on first use and replaced after a failure. kafkajs clients keep refreshing every
 * topic they have asked about and fail with UNKNOWN_TOPIC_OR_PARTITION for all of them once one was deleted, so a
 * failed connection is not reused, and "unknown topic" is only to be believed from a fresh one.
 */
export class ReplaceableAdmin {
  private pending: Promise<Admin> | null = null;

  constructor(private readonly create: () => Admin) {}

  connected(): Promise<Admin> {
    if (!this.pending) {
      const admin = this.create();
      const pending = admin.connect().then(
        () => admin,
        (err: unknown) => {
          if (this.pending === pending) this.pending = null;
          void admin.disconnect().catch(() => undefined);
          throw err;
        },
      );
      this.pending = pending;
    }
    return this.pending;
  }

  /** Runs fn on the connection; a failure replaces it (unless a newer one was opened meanwhile). */
  async use<T>(fn: (admin: Admin) => Promise<T>): Promise<T> {
    const pending = this.connected();
    try {
      return await fn(await pending);
    } catch (err) {
      if (this.pending === pending) this.reset();
      throw err;
    }
  }

  /** Drops the connection; the next use opens a new one. */
  reset(): void {
    void this.close();
  }

  async close(): Promise<void> {
    const pending = this.pending;
    this.pending = null;
    await pending?.then((admin) => admin.disconnect()).catch(() => undefined);
  }
}
