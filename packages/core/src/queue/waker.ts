/** A sleep that another part of the process can cut short (NOTIFY, a freed slot, stop()). */
export interface Waker {
  /** Resolves after `ms`, or earlier on wake(). A wake() while nobody sleeps is remembered once. */
  sleep(ms: number): Promise<void>;
  wake(): void;
}

/** Creates a {@link Waker}. */
export function createWaker(): Waker {
  let pending: (() => void) | undefined;
  let woken = false;
  return {
    sleep(ms) {
      if (woken) {
        woken = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done(): void {
          clearTimeout(timer);
          pending = undefined;
          resolve();
        }
        pending = done;
      });
    },
    wake() {
      if (pending) pending();
      else woken = true;
    },
  };
}
