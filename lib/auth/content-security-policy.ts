import 'server-only';

/**
 * The page CSP: scripts only from this origin with this response's nonce (Next.js adds it to its own scripts),
 * nothing inline, no framing. Style attributes stay allowed (style-src-attr) because virtualized tables position
 * rows with them; style elements still need the nonce.
 */
export function contentSecurityPolicy(
  nonce: string,
  { https, dev }: { https: boolean; dev: boolean },
): string {
  return [
    "default-src 'self'",
    // React's development build uses eval for error overlays; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}
