/**
 * The storage wizard's folder browser for the browser UI, where no native dialog exists: the node lists the
 * subfolders of a folder (`fs.listFolders`: only what its user may read, never a system folder) with the free space
 * there; the user opens folders, goes up, or types a path, and picks the folder shown. A refused path (not found,
 * unreadable, a system folder) gets the node's message in place and the listing before it stays.
 * @module
 */
import './folderBrowser.css';
import { useEffect, useRef, useState } from 'react';
import type { FolderListing } from '../../../../core/api/contract/contract.js';
import { client, describeError } from '../../api.js';
import { formatGiB } from '../../logic/time.js';
import { ErrorBox } from '../../ui/Status.js';

export function FolderBrowser({ start, onChoose, onClose }: { start: string | undefined; onChoose: (path: string) => void; onClose: () => void }) {
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Answers can come back out of order (the first listing still on its way when the user opens a typed path): only
  // the newest request's answer is shown, and the path field is refilled only if the user did not type after asking.
  // A fallback asks again on behalf of the first request, so it keeps that request's number as the time of asking:
  // typing while the first listing failed must survive the fallback's answer too.
  const latest = useRef(0);
  const typedDuring = useRef(0);
  const open = async (path: string | undefined, fallback?: (askedAt: number) => Promise<void>, askedAt?: number) => {
    const seq = ++latest.current;
    const asked = askedAt ?? seq;
    setBusy(true);
    try {
      const next = await client.fs.listFolders(path === undefined ? {} : { path });
      if (seq !== latest.current) return;
      setListing(next);
      if (typedDuring.current < asked) setTyped(next.path);
      setError(null);
    } catch (e) {
      if (seq !== latest.current) return;
      if (fallback) await fallback(asked);
      else setError(describeError(e));
    } finally {
      if (seq === latest.current) setBusy(false);
    }
  };
  // Start where the wizard's field points when it exists; a folder still to be created starts at the home folder.
  useEffect(() => {
    void open(start, start === undefined ? undefined : (askedAt) => open(undefined, undefined, askedAt));
  }, []);

  return (
    <div className="folder-browser" role="group" aria-label="Folder browser" data-testid="folder-browser">
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void open(typed.trim());
        }}
      >
        <label className="grow">
          Path
          <input
            value={typed}
            onChange={(e) => {
              typedDuring.current = latest.current;
              setTyped(e.target.value);
            }}
            spellCheck={false}
          />
        </label>
        <button type="submit" disabled={busy}>
          Open
        </button>
      </form>
      {error && <ErrorBox message={`Cannot open that folder: ${error}`} />}
      {listing && (
        <>
          <p className="folder-here" data-testid="folder-browser-here">
            {listing.path}: {listing.space.writable ? 'writable' : 'NOT writable'}, free {listing.space.freeBytes == null ? 'unknown' : formatGiB(listing.space.freeBytes)}
          </p>
          <div className="row">
            <button type="button" disabled={busy || listing.parent === null} onClick={() => listing.parent !== null && void open(listing.parent)}>
              Up one folder
            </button>
            <button type="button" disabled={busy} onClick={() => void open(listing.home)}>
              Home folder
            </button>
          </div>
          {listing.folders.length === 0 ? (
            <p className="hint">No subfolders here.</p>
          ) : (
            <ul className="folder-list" aria-label={`Folders in ${listing.path}`}>
              {listing.folders.map((f) => (
                <li key={f.path}>
                  <button type="button" disabled={busy} onClick={() => void open(f.path)}>
                    {f.name}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {listing.truncated && <p className="hint">Only the first {listing.folders.length} folders are listed; type a path to go further.</p>}
          <div className="row">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="button" className="primary" disabled={busy || !listing.space.writable} onClick={() => onChoose(listing.path)}>
              Use this folder
            </button>
          </div>
        </>
      )}
    </div>
  );
}
