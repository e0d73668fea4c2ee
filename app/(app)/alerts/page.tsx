import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AlertsView } from '@/components/alerts/alerts-view';
import { SkeletonRows } from '@/components/ui/skeleton';

export const metadata: Metadata = { title: 'Alerts · DLQ Desk' };

export default function AlertsPage() {
  return (
    <div className="mx-auto max-w-7xl">
      <Suspense fallback={<SkeletonRows rows={6} label="Loading the alerts" />}>
        <AlertsView />
      </Suspense>
    </div>
  );
}
