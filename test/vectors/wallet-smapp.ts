/**
 * Runner for wallet-smapp.json: smapp's own encrypted samples. `crypto` vectors decrypt a `crypto` section;
 * `file` vectors open a whole wallet file written to a temp folder and list its accounts as `import-smapp` does.
 * For GCM samples the runner also re-derives the IV independently (node:crypto: first 12 bytes of
 * HMAC-SHA512(key, plaintext)), confirming the documented synthetic-IV construction.
 * @module
 */
import assert from 'node:assert/strict';
import { createHmac, pbkdf2Sync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex, hexToBytes } from '../../core/util/bytes.js';
import { summarizeWallet } from '../../core/wallet/importSmapp.js';
import { decryptSecrets } from '../../core/wallet/keystore/encryption.js';
import { parseWalletFile } from '../../core/wallet/keystore/parse.js';
import type { GcmCrypto, WalletCrypto, WalletSecrets } from '../../core/wallet/keystore/types.js';
import { WalletFile } from '../../core/wallet/keystore/walletFile.js';
import { defineRunner } from './harness.js';

type SmappVector =
  | { name: string; kind: 'crypto'; password: string; crypto: WalletCrypto; secrets: WalletSecrets; syntheticIv?: boolean }
  | {
      name: string;
      kind: 'file';
      password: string;
      file: { crypto: WalletCrypto };
      mnemonic: string;
      accounts: Array<{ path: string; publicKey: string }>;
      summary: { hrp: string; name: string; accounts: Array<{ path: string; address: string }>; mnemonicValid: boolean };
      syntheticIv?: boolean;
    };

function checkSyntheticIv(crypto: GcmCrypto, password: string, secrets: WalletSecrets): void {
  const { salt, iterations } = crypto.kdfparams;
  const key = pbkdf2Sync(password, hexToBytes(salt), iterations, 32, 'sha512');
  const iv = createHmac('sha512', key).update(JSON.stringify(secrets)).digest().subarray(0, 12);
  assert.equal(bytesToHex(iv), crypto.cipherParams.iv);
}

export default defineRunner<SmappVector>({
  name: (v) => v.name,
  async check(v) {
    if (v.kind === 'crypto') {
      const { secrets } = await decryptSecrets(parseWalletFile(JSON.stringify({ crypto: v.crypto })).crypto, v.password);
      assert.deepEqual(secrets, v.secrets);
      if (v.syntheticIv === true) checkSyntheticIv(v.crypto as GcmCrypto, v.password, secrets);
      return;
    }
    const dir = await mkdtemp(join(tmpdir(), 'smesher-smapp-vector-'));
    try {
      const path = join(dir, 'wallet.json');
      await writeFile(path, JSON.stringify(v.file));
      const wallet = await WalletFile.open(path, v.password);
      assert.equal(wallet.revealMnemonic(), v.mnemonic);
      assert.deepEqual(
        wallet.accounts().map((a) => ({ path: a.path, publicKey: bytesToHex(a.publicKey) })),
        v.accounts,
      );
      const { hrp, ...summary } = v.summary;
      assert.deepEqual(summarizeWallet(wallet, hrp), summary);
      if (v.syntheticIv === true) {
        const { secrets } = await decryptSecrets(v.file.crypto, v.password);
        checkSyntheticIv(v.file.crypto as GcmCrypto, v.password, secrets);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
});
