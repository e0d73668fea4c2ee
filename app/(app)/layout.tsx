import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/app-header';
import { currentPrincipal } from '@/lib/auth/current-principal';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const principal = await currentPrincipal();
  if (!principal) redirect('/login');
  return (
    <>
      <AppHeader principal={principal} />
      <main className="p-6">{children}</main>
    </>
  );
}
