/**
 * Password strength for the wallet password meter: a rough entropy estimate (length × character classes) with
 * penalties for repeats and sequences, graded 0-4 with a hint that says what would help. Pure.
 * @module
 */

export interface Strength {
  /** 0 (very weak) .. 4 (strong). */
  readonly score: 0 | 1 | 2 | 3 | 4;
  readonly label: string;
  readonly hint: string;
}

const LABELS = ['very weak', 'weak', 'fair', 'good', 'strong'] as const;

/** Grades `password`; the wallet accepts score ≥ 2 (the file is encrypted with it, so weak ones are refused). */
export function passwordStrength(password: string): Strength {
  let pool = 0;
  if (/[a-z]/.test(password)) pool += 26;
  if (/[A-Z]/.test(password)) pool += 26;
  if (/\d/.test(password)) pool += 10;
  if (/[^a-zA-Z\d]/.test(password)) pool += 33;
  // Runs of one character and keyboard/alphabet sequences add almost nothing an attacker would not try first.
  const distinct = new Set(password).size;
  const effectiveLength = Math.min(password.length, distinct * 2);
  const sequencePenalty = /(0123|1234|2345|3456|4567|5678|6789|abcd|bcde|qwer|asdf|password)/i.test(password) ? 24 : 0;
  const bits = pool === 0 ? 0 : effectiveLength * Math.log2(pool) - sequencePenalty;
  const score: Strength['score'] = bits < 28 ? 0 : bits < 40 ? 1 : bits < 56 ? 2 : bits < 72 ? 3 : 4;
  const hint =
    password.length < 12 ? 'Use at least 12 characters.' : pool < 60 ? 'Mix upper and lower case, digits or symbols.' : score < 4 ? 'Longer is stronger: add a word.' : 'Good.';
  return { score, label: LABELS[score], hint };
}
