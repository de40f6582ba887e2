/**
 * Runner for templates.json: template addresses and the wallet-template principal.
 * @module
 */
import assert from 'node:assert/strict';
import { encodeAddress } from '../../core/types/address.js';
import { MULTISIG_TEMPLATE, VAULT_TEMPLATE, VESTING_TEMPLATE, WALLET_TEMPLATE, walletPrincipal } from '../../core/types/templates.js';
import { bytesToHex, hexToBytes } from '../../core/util/bytes.js';
import { defineRunner } from './harness.js';

type TemplateVector =
  | { kind: 'template'; template: 'wallet' | 'multisig' | 'vesting' | 'vault'; hrp: string; text: string }
  | { kind: 'walletPrincipal'; publicKey: string; principal: string };

const TEMPLATES = { wallet: WALLET_TEMPLATE, multisig: MULTISIG_TEMPLATE, vesting: VESTING_TEMPLATE, vault: VAULT_TEMPLATE };

export default defineRunner<TemplateVector>({
  name: (v) => (v.kind === 'template' ? `${v.template} ${v.hrp}` : `wallet principal of ${v.publicKey.slice(0, 8)}…`),
  check(v) {
    if (v.kind === 'template') {
      assert.equal(encodeAddress(TEMPLATES[v.template], v.hrp), v.text);
    } else {
      assert.equal(bytesToHex(walletPrincipal(hexToBytes(v.publicKey))), v.principal);
    }
  },
});
