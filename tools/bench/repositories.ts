/** Realistic repository names for scale runs: "mlspace-team-0001/trainer", … */
export const repositoryNames = (count: number) =>
  Array.from({ length: count }, (_, i) => `mlspace-team-${String(i + 1).padStart(4, "0")}/trainer`);
