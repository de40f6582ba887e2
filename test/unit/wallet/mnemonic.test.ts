/**
 * BIP-39 handling: creation with injected randomness, normalisation, and clear errors that never echo the words.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { WalletError } from '../../../core/wallet/errors.js';
import { checkMnemonic, generateMnemonic, isValidMnemonic, mnemonicToSeed } from '../../../core/wallet/mnemonic.js';
import { FILM_MNEMONIC, seededRandom } from './helpers.js';

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof WalletError, `expected a WalletError, got ${String(err)}`);
    return err.code;
  }
  return assert.fail('expected an error');
}

describe('mnemonic', () => {
  it('creates valid 12- and 24-word phrases from the given randomness', () => {
    const twelve = generateMnemonic(12, seededRandom('a'));
    const twentyFour = generateMnemonic(24, seededRandom('a'));
    assert.equal(twelve.split(' ').length, 12);
    assert.equal(twentyFour.split(' ').length, 24);
    assert.ok(isValidMnemonic(twelve) && isValidMnemonic(twentyFour));
    assert.equal(generateMnemonic(12, seededRandom('a')), twelve, 'same randomness, same phrase');
    assert.notEqual(generateMnemonic(12, seededRandom('b')), twelve);
  });

  it('refuses other word counts', () => {
    assert.equal(code(() => generateMnemonic(15 as 12, seededRandom('a'))), 'INVALID_MNEMONIC');
  });

  it('normalises case, spacing and line breaks', () => {
    const messy = `  ${FILM_MNEMONIC.toUpperCase().split(' ').join('\n\t ')}  `;
    assert.equal(checkMnemonic(messy), FILM_MNEMONIC);
    assert.deepEqual(mnemonicToSeed(messy), mnemonicToSeed(FILM_MNEMONIC));
  });

  it('rejects a bad checksum, an unknown word and a wrong count without echoing words', () => {
    const words = FILM_MNEMONIC.split(' ');
    const cases = [
      { phrase: [...words.slice(0, 11), 'shove'].join(' '), expect: /checksum/ },
      { phrase: [...words.slice(0, 5), 'smesherx', ...words.slice(6)].join(' '), expect: /word 6 is not in/ },
      { phrase: words.slice(0, 11).join(' '), expect: /12 or 24 words, got 11/ },
      { phrase: '', expect: /got 0/ },
    ];
    for (const { phrase, expect } of cases) {
      try {
        checkMnemonic(phrase);
        assert.fail(`accepted ${phrase}`);
      } catch (err) {
        assert.ok(err instanceof WalletError && err.code === 'INVALID_MNEMONIC');
        assert.match(err.message, expect);
        for (const w of new Set(phrase.split(' ')).values()) if (w.length > 3) assert.ok(!err.message.includes(w), `message leaks "${w}"`);
      }
    }
    assert.equal(code(() => checkMnemonic(42)), 'INVALID_MNEMONIC');
  });

  it('every generated phrase validates and has a 64-byte seed (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.constantFrom<12 | 24>(12, 24), (bytes, n) => {
        const phrase = generateMnemonic(n, (len) => bytes.slice(0, len));
        assert.equal(checkMnemonic(phrase), phrase);
        assert.equal(mnemonicToSeed(phrase).length, 64);
      }),
      { numRuns: 50 },
    );
  });
});
