/**
 * The mnemonic confirmation quiz: after the recovery phrase is shown once, the user types back a few words by
 * position, proving it was written down before the phrase disappears. Pure (randomness is passed in).
 * @module
 */

/** `count` distinct word positions (0-based, sorted) out of `words`, chosen with `random` (0..1). */
export function quizPositions(words: number, count: number, random: () => number): number[] {
  const all = Array.from({ length: words }, (_, i) => i);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, Math.min(count, words)).sort((a, b) => a - b);
}

/** True when every asked word matches the phrase (case and surrounding spaces ignored). */
export function quizPassed(mnemonic: string, answers: ReadonlyMap<number, string>): boolean {
  const words = mnemonic.trim().split(/\s+/);
  if (answers.size === 0) return false;
  for (const [pos, answer] of answers) if (words[pos] !== answer.trim().toLowerCase()) return false;
  return true;
}
