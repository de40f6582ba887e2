/**
 * postdata_metadata.json: Go-identical text, u64 precision, and clear errors for bad files.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMetadata, encodeMetadata, type PostMetadata } from '../../../core/post/metadata.js';
import { hasErrorCode } from '../../../core/util/errors.js';

const m: PostMetadata = {
  nodeId: new Uint8Array(32).fill(1),
  commitmentAtxId: new Uint8Array(32).fill(2),
  labelsPerUnit: 4096n,
  numUnits: 2,
  maxFileSize: 16384n,
  nonce: 3849n,
  nonceValue: Uint8Array.from(Buffer.from('000176e2acb34df5f439530e543c25f6', 'hex')),
};

describe('metadata', () => {
  it('encodes like Go json.Encoder with tab indentation, keys in struct order, base64 ids', () => {
    assert.equal(
      encodeMetadata(m),
      '{\n\t"NodeId": "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=",\n\t"CommitmentAtxId": "AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=",\n' +
        '\t"LabelsPerUnit": 4096,\n\t"NumUnits": 2,\n\t"MaxFileSize": 16384,\n\t"Nonce": 3849,\n\t"NonceValue": "000176e2acb34df5f439530e543c25f6"\n}\n',
    );
  });

  it('omits Nonce, NonceValue and LastPosition when unset', () => {
    const { nonce: _n, nonceValue: _v, ...bare } = m;
    const text = encodeMetadata(bare);
    assert.ok(!text.includes('Nonce'));
    assert.ok(!text.includes('LastPosition'));
  });

  it('round-trips u64 values above 2^53 exactly', () => {
    const big: PostMetadata = { ...m, labelsPerUnit: (1n << 62n) + 1n, lastPosition: (1n << 64n) - 1n };
    const back = decodeMetadata(encodeMetadata(big));
    assert.equal(back.labelsPerUnit, big.labelsPerUnit);
    assert.equal(back.lastPosition, big.lastPosition);
    assert.equal(encodeMetadata(back), encodeMetadata(big));
  });

  it('reads post-rs style (compact, no NonceValue) metadata', () => {
    const text = '{"NodeId":"AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=","CommitmentAtxId":"AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=","LabelsPerUnit":4096,"NumUnits":2,"MaxFileSize":16384,"Nonce":3849,"LastPosition":null}';
    const back = decodeMetadata(text);
    assert.equal(back.nonce, 3849n);
    assert.equal(back.lastPosition, undefined);
  });

  it('rejects broken files with METADATA_INVALID naming the key', () => {
    for (const [text, key] of [
      ['not json', ''],
      ['{"NodeId":"AAAA","CommitmentAtxId":"AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=","LabelsPerUnit":1,"NumUnits":1,"MaxFileSize":16}', 'NodeId'],
      [encodeMetadata(m).replace('"NumUnits": 2', '"NumUnits": -2'), 'NumUnits'],
      [encodeMetadata(m).replace('"MaxFileSize": 16384', '"MaxFileSize": 17'), 'MaxFileSize'],
    ] as const) {
      assert.throws(() => decodeMetadata(text), (err: unknown) => hasErrorCode(err, 'METADATA_INVALID') && (key === '' || (err as Error).message.includes(key)));
    }
  });
});
