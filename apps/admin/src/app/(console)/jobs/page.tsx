'use client';
// 任务: the daily cycle's jobs with their runs (started by hand with parameters, retried), and in
// the sandbox the business clock that moves the date forward running each skipped day.
import { Stack } from '@/components/kit';
import { BusinessClockCard } from '@/components/jobs/business-clock-card';
import { JobsCard } from '@/components/jobs/jobs-card';

export default function JobsPage() {
  return (
    <Stack>
      <BusinessClockCard />
      <JobsCard />
    </Stack>
  );
}
