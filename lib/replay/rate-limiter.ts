// A token bucket: `ratePerSecond` tokens a second, holding at most one second's worth, so a paused or slow
// job does not make up for lost time with a burst. `take` waits until the tokens are there.

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private rate: number,
    private readonly clock: Clock = realClock,
  ) {
    this.tokens = Math.max(1, rate);
    this.last = clock.now();
  }

  setRate(rate: number): void {
    this.refill();
    this.rate = rate;
    this.tokens = Math.min(this.tokens, Math.max(1, rate));
  }

  /** How many tokens a caller may take now, without waiting (at least 1 once the wait is over). */
  available(): number {
    this.refill();
    return Math.floor(this.tokens);
  }

  /** Waits until `count` tokens (at most a second's worth) are available and takes them. */
  async take(count: number): Promise<void> {
    const wanted = Math.min(count, Math.max(1, this.rate));
    for (;;) {
      this.refill();
      if (this.tokens >= wanted) {
        this.tokens -= wanted;
        return;
      }
      await this.clock.sleep(Math.ceil(((wanted - this.tokens) / this.rate) * 1000));
    }
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(Math.max(1, this.rate), this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }
}
