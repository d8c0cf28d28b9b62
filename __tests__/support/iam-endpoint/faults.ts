import { IamError } from "./errors";

/**
 * Faults a test asks for: the next `count` calls (of the given actions, or any) fail as AWS fails
 * under load. The SDK retries both kinds: Throttling by its error code, 500/503 by status. "hold"
 * never answers (the call is not carried out): a client stuck mid-call, for a test to kill it at
 * a moment when it is waiting and writing nothing.
 */
export interface FaultSpec {
  kind: "throttling" | "server-error" | "hold";
  count: number;
  /** Only these actions (e.g. ["CreatePolicyVersion"]); every action when absent. */
  actions?: string[];
  /** For "server-error": 500 (ServiceFailure, the default) or 503 (ServiceUnavailable). */
  status?: 500 | 503;
}

export class FaultInjector {
  private readonly pending: { spec: FaultSpec; remaining: number }[] = [];

  inject(spec: FaultSpec): void {
    if (!Number.isInteger(spec.count) || spec.count < 1) throw new Error(`injectFaults: count must be a positive integer, got ${spec.count}.`);
    this.pending.push({ spec, remaining: spec.count });
  }

  /** The fault this call must get, if any ("hold", or the error to answer with); consumes one. */
  take(action: string): IamError | "hold" | undefined {
    const entry = this.pending.find(({ spec }) => !spec.actions || spec.actions.includes(action));
    if (!entry) return undefined;
    if (--entry.remaining === 0) this.pending.splice(this.pending.indexOf(entry), 1);
    return entry.spec.kind === "hold" ? "hold" : faultError(entry.spec);
  }

  /** Faults asked for and not yet served. */
  outstanding(): number {
    return this.pending.reduce((sum, entry) => sum + entry.remaining, 0);
  }
}

function faultError(spec: FaultSpec): IamError {
  if (spec.kind === "throttling") return new IamError("Throttling", "Rate exceeded", 400);
  if (spec.status === 503) return new IamError("ServiceUnavailable", "Service is unavailable. Please try again later.", 503, "Receiver");
  return new IamError("ServiceFailure", "The request processing has failed because of an unknown error, exception or failure.", 500, "Receiver");
}
