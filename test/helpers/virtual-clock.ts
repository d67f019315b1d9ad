/**
 * A discrete-event clock for measuring concurrent code in virtual time: `sleep(ms)` parks the caller
 * until the clock reaches now + ms, and the clock only moves when every task is parked (the event
 * loop has had a few turns with no activity). Then it jumps to the earliest wake-up time and wakes
 * every sleeper due at that instant.
 *
 * Unlike FakeClock (test/unit/apply/fake-clock.ts), where every sleep adds to one shared time, ten
 * tasks sleeping 1 s at once here take 1 virtual second, not 10: wall times measured on it are what
 * the same code would take on the real clock, minus the CPU time. It works for in-memory fakes only
 * (real I/O is invisible to it); anything that does work without sleeping calls touch().
 */
import type { Clock } from "../../src/apply/clock.ts";

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/** Event-loop turns without activity before the clock may move. */
const QUIET_TURNS = 3;

export class VirtualClock implements Clock {
  private time = 0;
  private seq = 0;
  private activity = 0;
  private driving = false;
  private readonly timers: Timer[] = [];

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    this.activity += 1;
    return new Promise<void>((resolve) => {
      this.timers.push({ at: this.time + Math.max(0, ms), seq: this.seq++, resolve });
      this.drive();
    });
  }

  /** Work is going on that is not a sleep: hold the clock for a few more turns. */
  touch(): void {
    this.activity += 1;
  }

  private drive(): void {
    if (this.driving) return;
    this.driving = true;
    let seen = -1;
    let quiet = 0;
    const tick = (): void => {
      if (this.activity !== seen) {
        seen = this.activity;
        quiet = 0;
        setImmediate(tick);
        return;
      }
      quiet += 1;
      if (quiet < QUIET_TURNS) {
        setImmediate(tick);
        return;
      }
      if (this.timers.length === 0) {
        this.driving = false;
        return;
      }
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const at = (this.timers[0] as Timer).at;
      this.time = Math.max(this.time, at);
      while (this.timers.length > 0 && (this.timers[0] as Timer).at <= at) this.timers.shift()?.resolve();
      this.activity += 1;
      setImmediate(tick);
    };
    setImmediate(tick);
  }
}
