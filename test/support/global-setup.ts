// Starts one real Postgres for the whole run (unless TEST_DATABASE_URL is given); suites make their own databases in it.
import type { TestProject } from 'vitest/node';
import { startLocalCluster } from './local-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('postgresUrl', process.env.TEST_DATABASE_URL);
    return;
  }
  const cluster = await startLocalCluster({ fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' });
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}
