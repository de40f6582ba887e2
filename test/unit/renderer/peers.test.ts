/**
 * The Node screen's peers: the pure words and order (short ids that keep the distinguishing tail, latency and
 * score in words, negative scores flagged, a steady row order, the "N peers (minimum M to smesh)" line), and the
 * Peers card rendered to HTML from plain props: a table with caption and column headers on a list, the empty-list
 * sentence, and on standalone exactly the old sentence with no table and no p2p line.
 *
 * The card is rendered with react-dom/server (no DOM needed). tsx compiles .tsx outside a tsconfig that sets
 * `jsx`, so with the classic runtime: `React` is put on globalThis for the component's `React.createElement`
 * calls, and the module is imported by a computed path so that this test's tsconfig (no JSX, no DOM) does not
 * type-check the component itself (tsconfig.renderer.json does).
 * @module
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import React, { createElement, type FunctionComponent } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { P2pStatus, PeerInfo } from '../../../core/api/contract/contract.js';
import {
  NEGATIVE_SCORE_NOTE,
  formatLatency,
  formatScore,
  isWarningScore,
  peerCount,
  shortPeerId,
  sortPeers,
} from '../../../renderer/src/logic/peers.js';
import { type Peers, STANDALONE_PEERS } from '../../../renderer/src/logic/syncState.js';

/** PeersView's props (renderer/src/screens/node/PeersView.tsx), restated: the module is loaded untyped. */
interface PeersViewProps {
  readonly peers: Peers | null;
  readonly p2p: P2pStatus | null;
  readonly error: string | null;
  readonly onRetry: () => void;
}

const ID_A = '12D3KooWAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1';
const ID_B = '12D3KooWBbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2';
const ID_C = '12D3KooWCccccccccccccccccccccccccccccccccccccccc3';
const ID_D = '12D3KooWDddddddddddddddddddddddddddddddddddddddd4';
const PEERS: readonly PeerInfo[] = [
  { id: ID_C, address: '/ip4/10.0.0.3/tcp/7513', direction: 'inbound', latencyMs: 40.4, score: 0 },
  { id: ID_B, address: '/ip4/10.0.0.2/tcp/7513', direction: 'outbound', latencyMs: null, score: 10_000 },
  { id: ID_D, address: '/ip4/10.0.0.4/tcp/7513', direction: 'inbound', latencyMs: 0.4, score: -12.34 },
  { id: ID_A, address: '/ip4/10.0.0.1/tcp/7513', direction: 'outbound', latencyMs: 3, score: 1.5 },
];
const SELF: P2pStatus = {
  peerId: '12D3KooWSelfSelfSelfSelfSelfSelfSelfSelfSelfSelfS',
  addrs: ['/ip4/192.168.1.5/tcp/7513/p2p/12D3KooWSelfSelfSelfSelfSelfSelfSelfSelfSelfSelfS'],
  peers: 4,
  minPeers: 5,
  connected: false,
};

describe('peers: words and order', () => {
  it('shortens peer ids to head and distinguishing tail; short ids stay whole', () => {
    assert.equal(shortPeerId(ID_A), '12D3…aaaaa1');
    assert.notEqual(shortPeerId(ID_A), shortPeerId(ID_B));
    assert.equal(shortPeerId('abc'), 'abc');
  });

  it('latency in whole ms, unknown as a dash; score to one decimal with a real minus and no -0', () => {
    assert.equal(formatLatency(null), '—');
    assert.equal(formatLatency(0.4), '<1 ms');
    assert.equal(formatLatency(40.6), '41 ms');
    assert.equal(formatScore(0), '0');
    assert.equal(formatScore(-0.01), '0');
    assert.equal(formatScore(1.55), '1.6');
    assert.equal(formatScore(-12.34), '−12.3');
    assert.equal(formatScore(10_000), '10,000');
    assert.equal(isWarningScore(-0.1), true);
    assert.equal(isWarningScore(0), false);
  });

  it('orders negative scores first, then dialled peers, then those that dialled in, each by id; the input is untouched', () => {
    const before = PEERS.map((p) => p.id);
    assert.deepEqual(
      sortPeers(PEERS).map((p) => p.id),
      [ID_D, ID_A, ID_B, ID_C],
    );
    assert.deepEqual(
      PEERS.map((p) => p.id),
      before,
    );
  });

  it('the count line: N peers (minimum M to smesh), and whether that is enough', () => {
    const few = peerCount(SELF);
    assert.equal(few.text, '4 peers (minimum 5 to smesh)');
    assert.equal(few.enough, false);
    assert.match(few.verdict, /Too few peers.*needs 1 more/);
    assert.match(peerCount({ ...SELF, peers: 0, connected: false }).verdict, /^Not connected/);
    assert.equal(peerCount({ ...SELF, peers: 1, minPeers: 1, connected: true }).text, '1 peer (minimum 1 to smesh)');
    assert.equal(peerCount({ ...SELF, peers: 6, connected: true }).verdict, 'Connected enough to smesh.');
  });
});

describe('peers: the card', () => {
  let PeersView: FunctionComponent<PeersViewProps>;
  const render = (props: Partial<PeersViewProps>) =>
    renderToStaticMarkup(createElement(PeersView, { peers: null, p2p: null, error: null, onRetry: () => {}, ...props }));

  before(async () => {
    Object.assign(globalThis, { React });
    const path = new URL('../../../renderer/src/screens/node/PeersView.tsx', import.meta.url).href;
    ({ PeersView } = (await import(path)) as { PeersView: FunctionComponent<PeersViewProps> });
  });

  it('a list: a table with caption and column headers, rows in order, full ids in the tooltip, a negative score flagged and explained', () => {
    const html = render({ peers: { kind: 'list', list: PEERS }, p2p: SELF });
    assert.match(html, /<table class="peers" data-testid="peers"><caption id="peers-caption">Connected peers: /);
    const headers = [...html.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]);
    assert.deepEqual(headers, ['Peer', 'Address', 'Direction', 'Latency', 'Score']);
    const rows = [...html.matchAll(/<tr data-peer="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(rows, [ID_D, ID_A, ID_B, ID_C]);
    for (const p of PEERS) assert.ok(html.includes(`<span class="mono peer-id" title="${p.id}">${shortPeerId(p.id)}</span>`), `the full id of ${p.id} is the short id's tooltip`);
    assert.equal((html.match(/aria-label="Copy peer id /g) ?? []).length, PEERS.length, 'each peer id has a copy button');
    // Only the negative score is marked, described by the note under the table.
    assert.equal((html.match(/data-warning="true"/g) ?? []).length, 1);
    assert.ok(html.includes(`<tr data-peer="${ID_D}" data-warning="true">`));
    assert.match(html, /<td class="num warn" title="[^"]+" aria-describedby="peers-score-note"><span aria-hidden="true">⚠ <\/span>−12\.3<\/td>/);
    assert.ok(html.includes(`<p id="peers-score-note" class="warn" data-testid="peers-score-note"><span aria-hidden="true">⚠ </span>${NEGATIVE_SCORE_NOTE}</p>`));
    assert.match(html, /<td class="num" title="No ping answered yet\.">—<\/td>/);
    assert.match(html, /<td class="num">10,000<\/td>/);
    // The node's own line: count, verdict, peer id and listen address, each copyable.
    assert.match(html, /<p data-testid="peer-count" data-enough="false"><strong>4 peers \(minimum 5 to smesh\)<\/strong>/);
    assert.ok(html.includes(`data-testid="own-peer-id">${SELF.peerId}</span>`));
    // Addresses wrap at their slashes only: a <wbr> before each, and the text itself unchanged.
    assert.ok(html.includes('<span class="mono multiaddr">/ip4<wbr/>/192.168.1.5<wbr/>/tcp<wbr/>/7513<wbr/>/p2p<wbr/>/12D3KooW'));
    const text = html.replaceAll('<wbr/>', '');
    assert.ok(text.includes(`<span class="mono multiaddr">${SELF.addrs[0]}</span>`));
    for (const p of PEERS) assert.ok(text.includes(`<td><span class="mono multiaddr">${p.address}</span></td>`));
    assert.match(html, /aria-label="Copy this node’s peer id"/);
    assert.match(html, /aria-label="Copy listen address 1"/);
    assert.match(html, /<code class="nowrap">--bootnodes<\/code>/);
    assert.match(html, /role="status" data-testid="peers-copied"/);
  });

  it('no negative score: no warning and no note', () => {
    const html = render({ peers: { kind: 'list', list: PEERS.filter((p) => p.score >= 0) }, p2p: { ...SELF, peers: 3, minPeers: 2, connected: true } });
    assert.doesNotMatch(html, /data-warning|peers-score-note|⚠/);
    assert.match(html, /data-enough="true".*Connected enough to smesh\./);
  });

  it('an empty list: the sentence, no table; the count line says the node is not connected', () => {
    const html = render({ peers: { kind: 'list', list: [] }, p2p: { ...SELF, peers: 0, connected: false } });
    assert.doesNotMatch(html, /<table/);
    assert.match(html, /<p class="empty">No peers yet: the node cannot hear the network without them\.<\/p>/);
    assert.match(html, /<strong>0 peers \(minimum 5 to smesh\)<\/strong>.*Not connected/);
  });

  it('standalone (unavailable): exactly the card it always was, the sentence and nothing else', () => {
    const html = render({ peers: { kind: 'unavailable', message: 'no p2p' }, p2p: null });
    assert.equal(html, `<section class="card" aria-labelledby="peers-title"><h2 id="peers-title">Peers</h2><p data-testid="peers-standalone">${STANDALONE_PEERS}</p></section>`);
  });

  it('before the first answer it says loading; a failed call shows its error with a retry', () => {
    assert.match(render({}), /<h2 id="peers-title">Peers<\/h2><p>Loading…<\/p><\/section>$/);
    const failed = render({ error: 'the peer table failed (INTERNAL)' });
    assert.match(failed, /<div class="error" role="alert"><span>the peer table failed \(INTERNAL\)<\/span><button type="button">Try again<\/button><\/div><\/section>$/);
  });
});
