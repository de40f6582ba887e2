/**
 * Onboarding: create a wallet (password with a strength meter, the recovery phrase shown once, then a quiz on
 * three of its words) or restore one from a phrase or a smapp wallet file; above it the network step: the presets,
 * the node's own marked (onboarding/PresetChoice.tsx), and creating or joining a network of many nodes
 * (onboarding/NetworkFiles.tsx).
 * @module
 */
import { useMemo, useState } from 'react';
import type { WalletCreated } from '../../../core/api/contract/contract.js';
import { client, describeError } from '../api.js';
import { passwordStrength } from '../logic/passwordStrength.js';
import { quizPassed, quizPositions } from '../logic/quiz.js';
import { useUi } from '../state/uiStore.js';
import { useWallet } from '../state/walletStore.js';
import { Card, ErrorBox } from '../ui/Status.js';
import { NetworkFiles } from './onboarding/NetworkFiles.js';
import { PresetChoice } from './onboarding/PresetChoice.js';

type Mode = 'choose' | 'create' | 'restore';

export function Onboarding() {
  const [mode, setMode] = useState<Mode>('choose');
  return (
    <div className="screen" data-testid="onboarding">
      <h1>Welcome to Smesher</h1>
      <PresetChoice />
      <NetworkFiles />
      {mode === 'choose' && (
        <div className="row">
          <button type="button" className="primary" onClick={() => setMode('create')}>
            Create a new wallet
          </button>
          <button type="button" onClick={() => setMode('restore')}>
            Restore a wallet
          </button>
        </div>
      )}
      {mode === 'create' && <CreateWallet onBack={() => setMode('choose')} />}
      {mode === 'restore' && <RestoreWallet onBack={() => setMode('choose')} />}
    </div>
  );
}

function PasswordFields({ password, setPassword, confirm, setConfirm }: { password: string; setPassword: (v: string) => void; confirm: string; setConfirm: (v: string) => void }) {
  const strength = passwordStrength(password);
  return (
    <>
      <label>
        Password
        <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby="pw-strength" />
      </label>
      <meter min={0} max={4} low={2} high={3} optimum={4} value={strength.score} aria-label="Password strength" />
      <p id="pw-strength" className="hint">
        Strength: {strength.label}. {strength.hint}
      </p>
      <label>
        Repeat password
        <input type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
      </label>
    </>
  );
}

function CreateWallet({ onBack }: { onBack: () => void }) {
  const [name, setName] = useState('My wallet');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [created, setCreated] = useState<WalletCreated | null>(null);
  const [stage, setStage] = useState<'form' | 'phrase' | 'quiz'>('form');
  const [answers, setAnswers] = useState<Map<number, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const setOpened = useWallet((s) => s.setOpened);
  const loadList = useWallet((s) => s.loadList);
  const go = useUi((s) => s.go);
  const words = created?.mnemonic.split(' ') ?? [];
  const positions = useMemo(() => quizPositions(words.length, 3, Math.random), [words.length]);
  const strong = passwordStrength(password).score >= 2;

  const submit = async () => {
    setBusy(true);
    try {
      setCreated(await client.wallet.create({ name, password, words: 24 }));
      setStage('phrase');
      setError(null);
    } catch (e) {
      setError(`Could not create the wallet: ${describeError(e)}`);
    } finally {
      setBusy(false);
    }
  };

  if (stage === 'phrase' && created)
    return (
      <Card title="Your recovery phrase" id="phrase">
        <p>Write these 24 words down, in order, and keep them offline. They are shown only now; anyone with them controls your coins.</p>
        <ol className="mnemonic" data-testid="mnemonic">
          {words.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ol>
        <button type="button" className="primary" onClick={() => setStage('quiz')}>
          I wrote it down
        </button>
      </Card>
    );

  if (stage === 'quiz' && created)
    return (
      <Card title="Check your recovery phrase" id="quiz">
        <p>Type the words at these positions.</p>
        {positions.map((pos) => (
          <label key={pos}>
            Word {pos + 1}
            <input
              autoComplete="off"
              spellCheck={false}
              data-quiz={pos}
              value={answers.get(pos) ?? ''}
              onChange={(e) => setAnswers(new Map(answers).set(pos, e.target.value))}
            />
          </label>
        ))}
        <div className="row">
          <button type="button" onClick={() => setStage('phrase')}>
            Show the phrase again
          </button>
          <button
            type="button"
            className="primary"
            disabled={!quizPassed(created.mnemonic, answers) || answers.size < positions.length}
            onClick={() => {
              setOpened(created);
              void loadList();
              go('setup');
            }}
          >
            Continue to storage setup
          </button>
        </div>
      </Card>
    );

  return (
    <Card title="Create a wallet" id="create">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          Wallet name
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <PasswordFields password={password} setPassword={setPassword} confirm={confirm} setConfirm={setConfirm} />
        {password !== confirm && confirm !== '' && <p className="hint warn">The passwords differ.</p>}
        {error && <ErrorBox message={error} />}
        <div className="row">
          <button type="button" onClick={onBack}>
            Back
          </button>
          <button type="submit" className="primary" disabled={busy || !strong || password !== confirm}>
            {busy ? 'Creating…' : 'Create wallet'}
          </button>
        </div>
      </form>
    </Card>
  );
}

function RestoreWallet({ onBack }: { onBack: () => void }) {
  const [source, setSource] = useState<'mnemonic' | 'smapp'>('mnemonic');
  const [name, setName] = useState('Restored wallet');
  const [mnemonic, setMnemonic] = useState('');
  const [path, setPath] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const setOpened = useWallet((s) => s.setOpened);
  const loadList = useWallet((s) => s.loadList);
  const go = useUi((s) => s.go);

  const submit = async () => {
    try {
      if (source === 'mnemonic') {
        setOpened(await client.wallet.restore({ name, password, mnemonic: mnemonic.trim().toLowerCase() }));
        void loadList();
        go('dashboard');
      } else {
        const imported = await client.wallet.importSmapp({ path, password, name });
        setNotice(`Imported ${imported.accounts.length} account(s) into ${imported.file}. Unlock it from the wallet screen.`);
        void loadList();
      }
      setError(null);
    } catch (e) {
      setError(`Could not ${source === 'mnemonic' ? 'restore' : 'import'} the wallet: ${describeError(e)}`);
    }
  };

  return (
    <Card title="Restore a wallet" id="restore">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset>
          <legend>From</legend>
          <label className="inline">
            <input type="radio" name="source" checked={source === 'mnemonic'} onChange={() => setSource('mnemonic')} /> Recovery phrase
          </label>
          <label className="inline">
            <input type="radio" name="source" checked={source === 'smapp'} onChange={() => setSource('smapp')} /> smapp wallet file
          </label>
        </fieldset>
        <label>
          Wallet name
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        {source === 'mnemonic' ? (
          <>
            <label>
              Recovery phrase (12 or 24 words)
              <textarea value={mnemonic} onChange={(e) => setMnemonic(e.target.value)} rows={3} spellCheck={false} />
            </label>
            <PasswordFields password={password} setPassword={setPassword} confirm={confirm} setConfirm={setConfirm} />
          </>
        ) : (
          <>
            <label>
              Path of the smapp wallet file
              <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/me/.config/Spacemesh/my_wallet.json" />
            </label>
            <label>
              Its password
              <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} />
            </label>
          </>
        )}
        {error && <ErrorBox message={error} />}
        {notice && <p role="status">{notice}</p>}
        <div className="row">
          <button type="button" onClick={onBack}>
            Back
          </button>
          <button type="submit" className="primary" disabled={source === 'mnemonic' && (password !== confirm || passwordStrength(password).score < 2)}>
            Restore
          </button>
        </div>
      </form>
    </Card>
  );
}
