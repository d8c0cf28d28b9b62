/** The first line of every review, and of the notes that stand in for one. */
export const TITLE = "## IAM review of this plan: MLSpace ECR access";
