import type { JobOptions, Queue } from 'bull';

export const ALERTS_QUEUE = 'alerts';
/**
 * Live deliveries have a queue of their own: e-mail and webhook attempts against a server that
 * hangs hold their worker slots for seconds each, and must never keep an alert off the
 * moderators' dashboards.
 */
export const LIVE_ALERTS_QUEUE = 'alerts-live';
export const DELIVER_JOB = 'deliver';
export const ESCALATE_JOB = 'escalate';

export type AlertChannelName = 'live' | 'email' | 'webhook';

export interface DeliverJob {
  alertId: number;
  channel: AlertChannelName;
  round: number;
}

export interface EscalateJob {
  alertId: number;
  round: number;
}

export type AlertLevel = 'amber' | 'red' | 'crisis';

export const OUTCOMES = {
  replied_in_thread: 'Replied in the thread',
  contacted_privately: 'Contacted the member privately',
  resources_shared: 'Shared crisis resources',
  emergency_services: 'Contacted emergency services',
  false_alarm: 'False alarm',
} as const;
export type AlertOutcome = keyof typeof OUTCOMES;

/** What every channel says about an alert: enough to act on, and no more of the post than an excerpt. */
export interface AlertMessage {
  alertId: number;
  level: AlertLevel;
  source: 'detector' | 'report';
  board: string;
  threadId: number;
  threadTitle: string;
  postId: number;
  link: string;
  excerpt: string;
  createdAt: string;
  round: number;
}

/**
 * Adds a job under a fixed id. Bull treats an id as taken while any hash exists for it, and a
 * worker that was running the job when Redis restarted empty can write back a hash with no name
 * that sits in no list ("stuck"): that one is replaced, or the alert's delivery would wait for
 * the next reminder round.
 */
export async function addReplacingStuck<T>(queue: Queue<T>, name: string, data: T, options: JobOptions & { jobId: string }): Promise<void> {
  const existing = await queue.getJob(options.jobId);
  if (existing && (existing.name !== name || (await existing.getState()) === 'stuck')) {
    await existing.remove().catch(() => undefined);
  }
  await queue.add(name, data, options);
}
