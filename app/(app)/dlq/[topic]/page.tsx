import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { DlqView } from '@/components/dlq/dlq-view';
import { SkeletonRows } from '@/components/ui/skeleton';
import { currentPrincipal } from '@/lib/auth/current-principal';
import { hasRole } from '@/lib/auth/roles';

type Params = Promise<{ topic: string }>;

// Kafka topic names: the records API refuses anything else, so the page does too.
const TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;

async function topicOf(params: Params): Promise<string | null> {
  const { topic } = await params;
  try {
    const decoded = decodeURIComponent(topic);
    return TOPIC.test(decoded) ? decoded : null;
  } catch {
    return null;
  }
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `${(await topicOf(params)) ?? 'Not found'} · DLQ Desk` };
}

export default async function DlqPage({ params }: { params: Params }) {
  const topic = await topicOf(params);
  if (topic === null) notFound();
  const principal = await currentPrincipal();
  const canEdit = principal !== null && hasRole(principal.role, 'operator');
  return (
    <Suspense fallback={<SkeletonRows rows={12} label="Loading the DLQ" />}>
      <DlqView topic={topic} canEdit={canEdit} />
    </Suspense>
  );
}
