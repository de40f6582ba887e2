/**
 * Settings, smeshing folders: every identity the node runs with its folder, units, threads and state (read-only
 * facts from the status: changing them means stopping and starting again), and deleting the PoS data of a folder
 * no identity uses any more. Deleting is for good and asks the user to type DELETE first; the node refuses a
 * folder in use anyway.
 * @module
 */
import { useState } from 'react';
import { client, describeError } from '../../api.js';
import { useNode } from '../../state/nodeStore.js';
import { Empty, ErrorBox } from '../../ui/Status.js';

/** One shared empty list: a new `[]` per selector call would make zustand re-render forever. */
const NONE: readonly never[] = [];
const CONFIRM_WORD = 'DELETE';

export function SmeshingFolders() {
  const identities = useNode((s) => s.status?.identities ?? NONE);
  return (
    <section aria-labelledby="folders-title">
      <h3 id="folders-title">Smeshing folders</h3>
      {identities.length === 0 ? (
        <Empty>No identity smeshes on this node now.</Empty>
      ) : (
        <table data-testid="smeshing-folders">
          <thead>
            <tr>
              <th scope="col">Folder</th>
              <th scope="col">Identity</th>
              <th scope="col">Units</th>
              <th scope="col">Threads</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {identities.map((i) => (
              <tr key={i.smesherId} data-smesher={i.smesherId}>
                <td className="mono">{i.postDir}</td>
                <td className="mono" title={i.smesherId}>
                  {i.smesherId.slice(0, 12)}…
                </td>
                <td>{i.numUnits}</td>
                <td>{i.threads ?? 'default'}</td>
                <td>{i.state}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="hint">To change the folder, units or threads, stop smeshing on the Smeshing screen and set it up again.</p>
      <DeleteData inUse={identities.map((i) => i.postDir)} />
    </section>
  );
}

function DeleteData({ inUse }: { inUse: readonly string[] }) {
  const known = useNode((s) => s.knownFolders);
  const forgetFolder = useNode((s) => s.forgetFolder);
  const stopped = known.filter((f) => !inUse.includes(f));
  const [folder, setFolder] = useState('');
  const [typed, setTyped] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const chosen = folder || stopped[0] || '';
  const used = inUse.includes(chosen);

  const remove = async () => {
    setBusy(true);
    try {
      const { deletedFiles } = await client.smeshing.deleteData({ postDir: chosen });
      setDone(`Deleted ${deletedFiles} PoS file(s) from ${chosen}.`);
      forgetFolder(chosen);
      setFolder('');
      setError(null);
      setConfirming(false);
      setTyped('');
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="delete-data">
      <h3>Delete PoS data</h3>
      <p className="hint">Removes the PoS files (postdata_N.bin and their metadata) of a stopped identity and nothing else. Making them again takes as long as the first time.</p>
      {error && <ErrorBox message={error} />}
      {done && <p role="status">{done}</p>}
      <label>
        Folder of a stopped identity
        <input
          list="stopped-folders"
          value={chosen}
          onChange={(e) => {
            setFolder(e.target.value);
            setConfirming(false);
          }}
          placeholder="/home/me/post/post-0"
        />
      </label>
      <datalist id="stopped-folders">
        {stopped.map((f) => (
          <option key={f} value={f} />
        ))}
      </datalist>
      {used && <p className="warn">A running or paused identity uses this folder: stop smeshing first.</p>}
      {!confirming ? (
        <button type="button" disabled={chosen === '' || used || busy} onClick={() => (setConfirming(true), setDone(null))}>
          Delete PoS data…
        </button>
      ) : (
        <div className="confirm" role="alertdialog" aria-labelledby="delete-title">
          <p id="delete-title">
            Delete the PoS data in <span className="mono">{chosen}</span> for good?
          </p>
          <label>
            Type {CONFIRM_WORD} to confirm
            <input value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" autoFocus />
          </label>
          <div className="row">
            <button type="button" className="danger" disabled={typed !== CONFIRM_WORD || busy} onClick={() => void remove()}>
              Delete the PoS data
            </button>
            <button type="button" onClick={() => (setConfirming(false), setTyped(''))}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
