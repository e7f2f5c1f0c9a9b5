// Day pickers (`<input type="date">`, UTC days) to the RFC 3339 bounds the API takes.

/** The start of `day`, or with `next` of the day after (an inclusive `to`), or undefined. */
export function dayStart(day: string, next = false): string | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T00:00:00Z`);
  if (next) date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString();
}
