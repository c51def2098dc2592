const DIGITS = 60;
const GROUP = 5;

/** A safety number as people compare it: 60 digits in 12 groups of 5. */
export function safetyNumberGroups(displayable: string): string[] {
  if (!new RegExp(`^\\d{${DIGITS}}$`).test(displayable)) {
    throw new Error(`safety number: expected ${DIGITS} digits, got "${displayable}"`);
  }
  return displayable.match(new RegExp(`\\d{${GROUP}}`, 'g')) ?? [];
}
