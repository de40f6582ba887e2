/**
 * When the node answers again after being unreachable (it was restarted, or the connection dropped), every store
 * may be stale: events went by while the page was away, and a restarted node has locked the wallet. Each store
 * reloads once, as a freshly opened page would, so the user never needs to reload the window.
 * @module
 */
import { useNode } from './nodeStore.js';
import { useSmeshing } from './smeshingStore.js';
import { useWallet } from './walletStore.js';

/** Reloads the stores on every unreachable → connected change; returns the unsubscribe function. */
export function wireReloadOnReconnect(): () => void {
  return useNode.subscribe((state, previous) => {
    if (previous.connection !== 'unreachable' || state.connection !== 'connected') return;
    void useSmeshing.getState().load();
    // A restarted node may have other peers, or another network (standalone or not): ask for the list again.
    void useNode.getState().loadPeers();
    const openBefore = useWallet.getState().opened;
    void useWallet
      .getState()
      .loadList()
      .then(() => {
        // loadList loads the balances of a wallet it opens; one that stayed open may have missed rewards and sends.
        if (useWallet.getState().opened === openBefore) void useWallet.getState().refreshBalances();
      });
  });
}
