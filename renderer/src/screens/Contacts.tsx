/**
 * Contacts: named addresses kept in this browser's storage (nothing secret), each with its balance from the node,
 * so a user can pick a recipient and watch a payment arrive. Balances reload with the wallet's on every layer.
 * @module
 */
import { useEffect, useState } from 'react';
import type { BalanceInfo } from '../../../core/api/contract/contract.js';
import { formatSmidge } from '../../format/amount.js';
import { client } from '../api.js';
import { useNode } from '../state/nodeStore.js';
import { useWallet } from '../state/walletStore.js';
import { Card, Empty } from '../ui/Status.js';

interface Contact {
  readonly name: string;
  readonly address: string;
}

function loadContacts(): Contact[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem('contacts') ?? '[]');
    return Array.isArray(parsed) ? (parsed as Contact[]) : [];
  } catch {
    return [];
  }
}

export function Contacts({ onPick }: { onPick: (address: string) => void }) {
  const [contacts, setContacts] = useState<Contact[]>(loadContacts);
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [balances, setBalances] = useState<Record<string, BalanceInfo | string>>({});
  const hrp = useNode((s) => s.status?.network.hrp ?? '');
  // Wallet balances refresh on every layer; follow them so contacts update at the same moments.
  const tick = useWallet((s) => s.balances);

  useEffect(() => {
    for (const c of contacts)
      client.wallet.balance({ address: c.address }).then(
        (b) => setBalances((old) => ({ ...old, [c.address]: b })),
        // A contact's balance is a nicety: one failing read shows "unknown" there, not an error over the wallet.
        () => setBalances((old) => ({ ...old, [c.address]: 'unknown' })),
      );
  }, [contacts, tick]);

  const addressOk = hrp !== '' && address.startsWith(`${hrp}1`);
  const duplicate = contacts.find((c) => c.address === address);
  const save = (next: Contact[]) => {
    localStorage.setItem('contacts', JSON.stringify(next));
    setContacts(next);
  };

  return (
    <Card title="Contacts" id="contacts">
      {contacts.length === 0 ? (
        <Empty>No contacts yet.</Empty>
      ) : (
        <table>
          <tbody>
            {contacts.map((c) => {
              const b = balances[c.address];
              return (
                <tr key={c.address}>
                  <td>{c.name}</td>
                  <td className="mono">{c.address}</td>
                  <td data-testid="contact-balance" data-address={c.address}>
                    {b === undefined ? '…' : typeof b === 'string' ? b : formatSmidge(b.balance)}
                  </td>
                  <td>
                    <button type="button" onClick={() => onPick(c.address)}>
                      Pay
                    </button>{' '}
                    <button type="button" onClick={() => save(contacts.filter((x) => x !== c))} aria-label={`Remove ${c.name}`}>
                      Remove
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (!addressOk || duplicate) return;
          save([...contacts, { name: name || address.slice(0, 10), address }]);
          setName('');
          setAddress('');
        }}
      >
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="grow">
          Address
          <input value={address} onChange={(e) => setAddress(e.target.value.trim())} spellCheck={false} />
        </label>
        <button type="submit" disabled={!addressOk || duplicate !== undefined}>
          Add contact
        </button>
      </form>
      {address !== '' && !addressOk && <p className="hint warn">Addresses on this network start with {hrp}1.</p>}
      {duplicate && <p className="hint">Already a contact: {duplicate.name}.</p>}
    </Card>
  );
}
