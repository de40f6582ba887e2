/**
 * Runner for poet-hash.json: the label hash, the Merkle node hash and the label input layout.
 * @module
 */
import assert from 'node:assert/strict';
import { labelHash, labelInput, merkleNodeHash } from '../../core/poet/hash.js';
import { bytesToHex, hexToBytes, utf8 } from '../../core/util/bytes.js';
import { defineRunner } from './harness.js';

type Vector =
  | { kind: 'label'; statementAscii: string; dataAscii: string; expected: string }
  | { kind: 'merkle'; statementAscii: string; leftAscii: string; rightAscii: string; expected: string }
  | { kind: 'labelInput'; index: number; siblings: string[]; expected: string };

export default defineRunner<Vector>({
  name: (v) => `${v.kind} -> ${v.expected.slice(0, 16)}`,
  check(v) {
    switch (v.kind) {
      case 'label':
        assert.equal(bytesToHex(labelHash(utf8(v.statementAscii), utf8(v.dataAscii))), v.expected);
        return;
      case 'merkle':
        assert.equal(bytesToHex(merkleNodeHash(utf8(v.statementAscii))(utf8(v.leftAscii), utf8(v.rightAscii))), v.expected);
        return;
      case 'labelInput': {
        // An empty sibling is a layer with nothing parked: it contributes no bytes.
        const siblings = v.siblings.map((s) => (s === '' ? null : hexToBytes(s)));
        assert.equal(bytesToHex(labelInput(v.index, siblings)), v.expected);
        return;
      }
    }
  },
});
