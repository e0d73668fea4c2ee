// Webhook URLs carry their credential in the path or query (Slack, Teams, most incident tools), so the whole URL
// is a secret: the logs redact it and the UI and API show only where it points.

/** The strings the logs must never show: the URL as given, as normalized, and its path and query. */
export function webhookUrlSecrets(url: string): string[] {
  const secrets = [url];
  try {
    const parsed = new URL(url);
    secrets.push(parsed.href);
    const rest = `${parsed.pathname}${parsed.search}`;
    if (rest.length > 1) secrets.push(rest);
    if (parsed.username) secrets.push(parsed.username);
    if (parsed.password) secrets.push(parsed.password);
  } catch {
    // The schema refuses such a URL; the raw text is still redacted.
  }
  return secrets;
}

/** `https://hooks.example.com/…`: enough to tell webhooks apart, nothing to call one with. */
export function maskWebhookUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}/…`;
  } catch {
    return '…';
  }
}
