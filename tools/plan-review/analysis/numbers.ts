/** 6144 → "6,144", the same on every machine (no locale data involved). */
export function count(value: number): string {
  const sign = value < 0 ? "-" : "";
  return sign + String(Math.abs(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
