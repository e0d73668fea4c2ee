import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { JobPage } from '@/components/replay/job-page';
import { currentPrincipal } from '@/lib/auth/current-principal';
import { hasRole } from '@/lib/auth/roles';

type Params = Promise<{ id: string }>;

// Job ids are the replay service's; anything outside this shape cannot be one.
const JOB_ID = /^[A-Za-z0-9._~-]{1,200}$/;

async function jobIdOf(params: Params): Promise<string | null> {
  const { id } = await params;
  try {
    const decoded = decodeURIComponent(id);
    return JOB_ID.test(decoded) ? decoded : null;
  } catch {
    return null;
  }
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Replay ${(await jobIdOf(params)) ?? 'not found'} · DLQ Desk` };
}

export default async function ReplayJobPage({ params }: { params: Params }) {
  const id = await jobIdOf(params);
  if (id === null) notFound();
  const principal = await currentPrincipal();
  const canControl = principal !== null && hasRole(principal.role, 'operator');
  return <JobPage id={id} canControl={canControl} />;
}
