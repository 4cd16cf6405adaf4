// Peak resident memory of this process, per phase: sampled on a timer (catches peaks between
// phases) and the kernel's own high-water mark (catches peaks inside long synchronous stretches a
// timer cannot see). On Linux the high-water mark can be reset, so a phase's peak excludes what
// the benchmark itself allocated before it (building feeds, filling databases).
import { readFileSync, writeFileSync } from 'node:fs';

export interface RssSampler {
  /** The highest RSS of the current phase, in bytes. */
  peak(): number;
  /** The highest RSS since the sampler started, across phases, in bytes. */
  wholePeak(): number;
  /** Starts a new phase: forgets the samples and, where the OS allows, resets its high-water mark. */
  reset(): void;
  stop(): void;
}

/** The kernel's high-water mark of this process's RSS, in bytes. */
export function kernelPeakRss(): number {
  try {
    const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // not Linux: fall back to getrusage, which cannot be reset
  }
  return process.resourceUsage().maxRSS * 1024;
}

function resetKernelPeak(): void {
  try {
    // "5" resets the peak RSS to the current RSS (Linux ≥ 4.0, see proc(5), /proc/pid/clear_refs).
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // not Linux, or not allowed: the phase peak then includes earlier phases
  }
}

/** Starts sampling `process.memoryUsage.rss()` every `intervalMs`. */
export function startRssSampler(intervalMs = 20): RssSampler {
  let sampled = process.memoryUsage.rss();
  let whole = sampled;
  const timer = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage.rss());
  }, intervalMs);
  timer.unref();
  const peak = () => Math.max(sampled, process.memoryUsage.rss(), kernelPeakRss());
  return {
    peak,
    wholePeak: () => Math.max(whole, peak()),
    reset: () => {
      whole = Math.max(whole, peak());
      resetKernelPeak();
      sampled = process.memoryUsage.rss();
    },
    stop: () => clearInterval(timer),
  };
}
