import type { Metadata } from 'next';
import { JobsList } from '@/components/replay/jobs-list';

export const metadata: Metadata = { title: 'Replays · DLQ Desk' };

export default function ReplaysPage() {
  return (
    <div className="mx-auto max-w-7xl space-y-4">
      <h1 className="text-2xl font-semibold">Replays</h1>
      <JobsList />
    </div>
  );
}
