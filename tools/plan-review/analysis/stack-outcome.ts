import type { Review } from "./review";

/** What planning one stack came to: its review, or the step that failed, with Terraform's words. */
export type StackOutcome = { name: string; review: Review } | { name: string; failure: { step: string; code: number; output: string } };
