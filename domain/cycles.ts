// When an order cycle sells: the one definition of "open now", and its phases as the shop shows them.

export interface CycleWindow {
  /** Epoch milliseconds (UTC). */
  opensAt: number;
  closesAt: number;
}

/** Open for opensAt <= now < closesAt: the closing instant itself is already closed. */
export const isOpenAt = (cycle: CycleWindow, now: number): boolean => cycle.opensAt <= now && now < cycle.closesAt;

export const CYCLE_PHASES = ['upcoming', 'open', 'closed'] as const;
export type CyclePhase = (typeof CYCLE_PHASES)[number];

export function cyclePhase(cycle: CycleWindow, now: number): CyclePhase {
  if (isOpenAt(cycle, now)) return 'open';
  return now < cycle.opensAt ? 'upcoming' : 'closed';
}
