import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';
import { Providers } from './providers';

// Every page is rendered per request: the CSP nonce set by proxy.ts must reach Next.js's script tags, which a
// prerendered page cannot carry.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'DLQ Desk',
  description: 'Triage, fix and replay Kafka dead-letter queues.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-white font-sans text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
