// The clock every flow takes, so tests drive time instead of waiting for it.
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
