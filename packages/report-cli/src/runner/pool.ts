import type { ExecutionEnvironment } from './environment.js';

export interface PoolOptions {
  /** Most environments alive at once. */
  concurrency: number;
  /** End an environment after it served this many invocations (0: never). */
  recycleAfter: number;
}

/**
 * Lambda's scaling rule, locally: an idle environment is reused (warm); a new one is started only
 * when all are busy, up to `concurrency`; beyond that, callers wait for one to be released.
 */
export class EnvironmentPool {
  /** Every environment ever started, in start order. */
  readonly all: ExecutionEnvironment[] = [];
  readonly #create: () => ExecutionEnvironment;
  readonly #options: PoolOptions;
  readonly #idle: ExecutionEnvironment[] = [];
  readonly #waiters: ((environment: ExecutionEnvironment) => void)[] = [];
  #live = 0;

  constructor(create: () => ExecutionEnvironment, options: PoolOptions) {
    this.#create = create;
    this.#options = options;
  }

  /** Environments alive (idle, busy or initializing). */
  get live(): number {
    return this.#live;
  }

  acquire(): Promise<ExecutionEnvironment> {
    // Most recently used first, as Lambda tends to: the rest stay idle and can be recycled.
    const idle = this.#idle.pop();
    if (idle) return Promise.resolve(idle);
    if (this.#live < this.#options.concurrency) return Promise.resolve(this.#start());
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Gives an environment back after an invocation (alive or not). */
  release(environment: ExecutionEnvironment): void {
    const recycle =
      environment.alive &&
      this.#options.recycleAfter > 0 &&
      environment.requestIds.length >= this.#options.recycleAfter;
    if (recycle) void environment.shutdown('recycled');
    if (!environment.alive || recycle) {
      this.#live--;
      const waiter = this.#waiters.shift();
      if (waiter) waiter(this.#start());
      return;
    }
    const waiter = this.#waiters.shift();
    if (waiter) waiter(environment);
    else this.#idle.push(environment);
  }

  /** Shuts every idle environment down; call when no invocation is in flight. */
  async drain(): Promise<void> {
    const idle = this.#idle.splice(0);
    this.#live -= idle.length;
    await Promise.all(idle.map((environment) => environment.shutdown('drained')));
    await Promise.all(this.all.map((environment) => environment.closed));
  }

  #start(): ExecutionEnvironment {
    const environment = this.#create();
    this.#live++;
    this.all.push(environment);
    return environment;
  }
}
