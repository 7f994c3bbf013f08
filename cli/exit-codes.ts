/** rackshift's exit codes, one place: every help text, the README and docs/offers.md say the same. */
export const EXIT = {
  ok: 0,
  /** Invalid input: a site file, a market file, a failed deploy; nothing was written. */
  invalid: 1,
  /** Wrong usage: an unknown flag or command, a missing or malformed argument. */
  usage: 2,
  /** `size`: the input is valid but the site cannot host the ask (the answer says why). */
  doesNotFit: 3,
} as const;

export const EXIT_CODES_HELP = 'Exit codes: 0 success, 1 invalid input, 2 wrong usage, 3 does not fit (size: the site cannot host the ask).';
