/**
 * Onboarding's network step beyond the presets: the network this node runs, and the two ways to a network of many
 * nodes — create a network file for friends (`network.create`, what `smesher network new` writes; copy it and hand
 * it out, then join it too) or join one (paste its contents, or in the desktop app open the file:
 * `dialog.openNetworkFile`). Joining restarts the node on that network (`network.join`), each network in its own
 * folder, so standalone's chain and every wallet stay as they are; a malformed or incompatible file, or a data
 * folder the node may not write, gets the node's message here and changes nothing. Once the node runs on the new
 * network the page loads again, so every screen starts from that network's facts. Shown in onboarding and, for
 * users past it, on the Node screen.
 * @module
 */
import './network.css';
import { useState } from 'react';
import { client, describeError } from '../../api.js';
import { formatTime } from '../../logic/time.js';
import { useNode } from '../../state/nodeStore.js';
import { CopyButton } from '../../ui/CopyButton.js';
import { ErrorBox } from '../../ui/Status.js';

type Mode = 'none' | 'create' | 'join';

export function NetworkFiles() {
  const network = useNode((s) => s.status?.network ?? null);
  const [mode, setMode] = useState<Mode>('none');
  const [restarting, setRestarting] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const join = async (file: string | null, what: string) => {
    setRestarting(what);
    setError(null);
    try {
      await client.network.join({ file });
      window.location.reload();
    } catch (e) {
      setError(`Could not join ${what}: ${describeError(e)}`);
      setRestarting(null);
    }
  };

  return (
    <section className="network-file" aria-label="Networks of many nodes" data-testid="network-files">
      {network && (
        <p className="network-current" data-testid="network-current">
          {network.name === undefined ? (
            <>
              This node runs <strong>{network.preset}</strong>.
            </>
          ) : (
            <>
              This node runs the network <strong>{network.name}</strong> ({network.preset}).{' '}
              <button type="button" disabled={restarting !== null} onClick={() => void join(null, 'standalone')}>
                Back to standalone
              </button>
            </>
          )}
        </p>
      )}
      <div className="row">
        <button type="button" aria-expanded={mode === 'create'} onClick={() => setMode(mode === 'create' ? 'none' : 'create')}>
          Create a network for friends
        </button>
        <button type="button" aria-expanded={mode === 'join'} onClick={() => setMode(mode === 'join' ? 'none' : 'join')}>
          Join a network
        </button>
      </div>
      {mode !== 'none' && (
        <p className="hint">
          Joining restarts the node on that network. Each network keeps its chain and identities in its own folder, so nothing of this one is
          lost; your wallets stay (an open one locks: unlock it again afterwards).
        </p>
      )}
      {mode === 'create' && <CreateNetwork busy={restarting !== null} onJoin={(text, name) => void join(text, `"${name}"`)} />}
      {mode === 'join' && <JoinNetwork busy={restarting !== null} onJoin={(text) => void join(text, 'the network')} />}
      {restarting && (
        <p role="status" data-testid="network-restarting">
          Restarting the node on {restarting}…
        </p>
      )}
      {error && <ErrorBox message={error} />}
    </section>
  );
}

/** When the network starts, from now: long enough to hand the file out before the first layer. */
const GENESIS_DELAYS = [
  { seconds: 60, label: 'in 1 minute' },
  { seconds: 600, label: 'in 10 minutes' },
  { seconds: 3600, label: 'in 1 hour' },
] as const;

function CreateNetwork({ busy, onJoin }: { busy: boolean; onJoin: (text: string, name: string) => void }) {
  const [name, setName] = useState('Friends');
  const [preset, setPreset] = useState<'devnet' | 'testnet'>('devnet');
  const [mdns, setMdns] = useState(true);
  const [poet, setPoet] = useState('');
  const [delay, setDelay] = useState(600);
  const [created, setCreated] = useState<{ text: string; name: string; genesisTimeMs: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState('');

  const create = async () => {
    try {
      const r = await client.network.create({ name: name.trim(), preset, mdns, genesisDelaySeconds: delay, ...(poet.trim() === '' ? {} : { poetServers: [poet.trim()] }) });
      setCreated({ text: r.text, name: r.network.name, genesisTimeMs: r.network.genesisTimeMs });
      setError(null);
    } catch (e) {
      setError(`Could not create the network file: ${describeError(e)}`);
    }
  };

  return (
    <div data-testid="network-create">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <label>
          Network name
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={64} required />
        </label>
        <label>
          Preset
          <select value={preset} onChange={(e) => setPreset(e.target.value as 'devnet' | 'testnet')}>
            <option value="devnet">devnet</option>
            <option value="testnet">testnet</option>
          </select>
        </label>
        <label>
          Network starts
          <select value={delay} onChange={(e) => setDelay(Number(e.target.value))}>
            {GENESIS_DELAYS.map((d) => (
              <option key={d.seconds} value={d.seconds}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          PoET server address (optional)
          <input value={poet} onChange={(e) => setPoet(e.target.value)} placeholder="http://192.168.1.20:10010" spellCheck={false} aria-describedby="poet-hint" />
        </label>
        <p id="poet-hint" className="hint">
          One machine runs the PoET for everyone (<code>smesher poet serve --network FILE</code>): give its address as the others reach it.
          Left empty, the preset’s is used, which only works when every node runs on that one machine.
        </p>
        <label className="inline">
          <input type="checkbox" checked={mdns} onChange={(e) => setMdns(e.target.checked)} /> Nodes on this local network find each other by themselves (mDNS)
        </label>
        <button type="submit" disabled={name.trim() === ''}>
          Create network file
        </button>
      </form>
      {error && <ErrorBox message={error} />}
      {created && (
        <>
          <label>
            Network file for “{created.name}”
            <textarea readOnly rows={8} value={created.text} spellCheck={false} data-testid="network-file-text" />
          </label>
          <p className="hint">
            Give this text to your friends (saved as a .json file or pasted): each joins it from their own Smesher. Genesis is at {formatTime(created.genesisTimeMs)}.{' '}
            <CopyButton text={created.text} what="the network file" onResult={setCopied} /> <span role="status">{copied}</span>
          </p>
          <button type="button" className="primary" disabled={busy} onClick={() => onJoin(created.text, created.name)}>
            Join this network
          </button>
        </>
      )}
    </div>
  );
}

function JoinNetwork({ busy, onJoin }: { busy: boolean; onJoin: (text: string) => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const openFile = async () => {
    try {
      const { text: opened } = await client.dialog.openNetworkFile({});
      if (opened !== null) setText(opened);
      setError(null);
    } catch (e) {
      setError(`Could not open the file: ${describeError(e)}`);
    }
  };
  return (
    <form
      data-testid="network-join"
      onSubmit={(e) => {
        e.preventDefault();
        onJoin(text);
      }}
    >
      <label>
        Network file (paste its contents)
        <textarea rows={8} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} placeholder='{"format": "smesher-network/1", …}' />
      </label>
      {error && <ErrorBox message={error} />}
      <div className="row">
        {window.nodeBridge !== undefined && (
          <button type="button" onClick={() => void openFile()}>
            Open a network file…
          </button>
        )}
        <button type="submit" className="primary" disabled={busy || text.trim() === ''}>
          Join network
        </button>
      </div>
    </form>
  );
}
