/**
 * The open wallet's accounts: address, balance and spawn state, one row each; a row's button makes it the account
 * that receive, send and history show.
 * @module
 */
import type { BalanceInfo, WalletAccountInfo } from '../../../../core/api/contract/contract.js';
import { formatSmidge } from '../../../format/amount.js';
import { Card } from '../../ui/Status.js';

export function Accounts({
  accounts,
  balances,
  current,
  onPick,
}: {
  accounts: readonly WalletAccountInfo[];
  balances: Readonly<Record<string, BalanceInfo>>;
  current: number;
  onPick: (index: number) => void;
}) {
  return (
    <Card title="Accounts" id="accounts">
      <table>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Address</th>
            <th scope="col">Balance</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr key={a.address} aria-selected={a.index === current}>
              <td>
                <button type="button" onClick={() => onPick(a.index)}>
                  {a.name}
                </button>
              </td>
              <td className="mono">{a.address}</td>
              <td data-testid="balance" data-address={a.address}>
                {balances[a.address] ? formatSmidge(balances[a.address]!.balance) : '…'}
              </td>
              <td
                title="An account is spawned by its first send (one extra transaction, paid from its balance)."
                data-testid="spawned"
                data-address={a.address}
                data-spawn={spawnState(balances[a.address]) ?? 'unknown'}
              >
                {spawnText(balances[a.address])}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

function spawnState(balance: BalanceInfo | undefined): BalanceInfo['spawnState'] | null {
  if (balance === undefined) return null;
  // spawnState is optional in the contract; without it only applied-or-not is known.
  return balance.spawnState ?? (balance.spawned ? 'spawned' : 'unspawned');
}

/** The spawn state in words: what a user needs is whether the first send costs an extra transaction. */
function spawnText(balance: BalanceInfo | undefined): string {
  const state = spawnState(balance);
  if (state === null) return '…';
  if (state === 'spawned') return 'spawned';
  if (state === 'pending') return 'spawn pending (applied with the next layer)';
  return 'not spawned yet (the first send spawns it)';
}
