/** A Clock whose sleep advances its own time instantly and records every wait. */
import type { Clock } from "../../../src/apply/clock.ts";

export class FakeClock implements Clock {
  time = 1_000_000;
  readonly sleeps: number[] = [];

  now(): number {
    return this.time;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
  }
}
