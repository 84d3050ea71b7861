import type { SchedulerRegistry } from '@nestjs/schedule';

/**
 * Runs `work` every `ms` under a name in Nest's scheduler, never twice at once (a slow round
 * is skipped, not stacked), and returns the function that stops it.
 */
export function every(scheduler: SchedulerRegistry, name: string, ms: number, work: () => Promise<unknown>): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    work().finally(() => (running = false));
  }, ms);
  scheduler.addInterval(name, timer);
  return () => {
    if (scheduler.doesExist('interval', name)) scheduler.deleteInterval(name);
  };
}
