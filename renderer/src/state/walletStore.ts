/**
 * The wallet as the UI sees it: saved wallets, the open one's accounts, each account's balance and history.
 * Balances reload on `reward` events and after a send (pending first, then applied as layers pass); the list,
 * which wallet is unlocked and the balances reload when the node comes back after being unreachable.
 * @module
 */
import { create } from 'zustand';
import type { BalanceInfo, HistoryItem, WalletListEntry, WalletOpened } from '../../../core/api/contract/contract.js';
import { client, describeError } from '../api.js';

interface WalletState {
  wallets: readonly WalletListEntry[] | null;
  opened: WalletOpened | null;
  balances: Readonly<Record<string, BalanceInfo>>;
  history: Readonly<Record<string, readonly HistoryItem[]>>;
  error: string | null;
  loadList: () => Promise<void>;
  setOpened: (w: WalletOpened | null) => void;
  refreshBalances: () => Promise<void>;
}

export const useWallet = create<WalletState>()((set, get) => ({
  wallets: null,
  opened: null,
  balances: {},
  history: {},
  error: null,
  async loadList() {
    try {
      const wallets = await client.wallet.list({});
      // The node is the truth about which wallet is unlocked: a restarted node (or `smesher wallet lock`) has
      // forgotten the keys, so the page shows Unlock rather than a wallet whose sends would be refused. The list
      // and the open wallet change in one update, so the Unlock card never flashes up before an open wallet.
      const open = wallets.find((w) => w.open);
      if (open === undefined) {
        set({ wallets, error: null, ...(get().opened === null ? {} : { opened: null, balances: {}, history: {} }) });
        return;
      }
      if (get().opened?.file === open.file) {
        set({ wallets, error: null });
        return;
      }
      set({ wallets, error: null, opened: { file: open.file, name: open.name, accounts: await client.wallet.accounts({}) }, balances: {}, history: {} });
      await get().refreshBalances();
    } catch (error) {
      // The list stays unknown (not empty): an empty list sends the user to onboarding as if they had no wallet.
      set({ error: describeError(error) });
    }
  },
  setOpened(opened) {
    set({ opened, balances: {}, history: {} });
    void get().refreshBalances();
  },
  async refreshBalances() {
    const opened = get().opened;
    if (opened === null) return;
    try {
      const rows = await Promise.all(
        opened.accounts.map(async (a) => [a.address, await client.wallet.balance({ address: a.address }), await client.wallet.history({ address: a.address })] as const),
      );
      set({
        balances: Object.fromEntries(rows.map(([addr, b]) => [addr, b])),
        history: Object.fromEntries(rows.map(([addr, , h]) => [addr, h])),
        error: null,
      });
    } catch (error) {
      set({ error: describeError(error) });
    }
  },
}));

/** Reloads balances when a reward arrives or a layer passes (pending sends become applied). */
export function wireWalletEvents(): () => void {
  let lastLayer = -1;
  const offs = [
    client.on('reward', () => void useWallet.getState().refreshBalances()),
    client.on('layer', (l) => {
      if (l.layer === lastLayer) return;
      lastLayer = l.layer;
      void useWallet.getState().refreshBalances();
    }),
  ];
  void useWallet.getState().loadList();
  return () => offs.forEach((off) => off());
}
