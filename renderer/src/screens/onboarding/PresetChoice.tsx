/**
 * Onboarding's network choice: the presets the node knows, each in one line with its pace, the one this node runs
 * marked. The node runs one network at a time; devnet and testnet are networks of many nodes that start from a
 * network file, so picking one says so and points to creating or joining one below (onboarding/NetworkFiles.tsx),
 * or to the command line, instead of pretending the click did it. A failed load is an error with a retry.
 * @module
 */
import { useEffect, useState } from 'react';
import type { PresetInfo } from '../../../../core/api/contract/contract.js';
import { client, describeError } from '../../api.js';
import { formatDuration, formatGiB } from '../../logic/time.js';
import { ErrorBox } from '../../ui/Status.js';

export function PresetChoice() {
  const [presets, setPresets] = useState<readonly PresetInfo[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => {
    client.network.presets({}).then(
      (list) => {
        setPresets(list);
        setError(null);
      },
      (e: unknown) => setError(describeError(e)),
    );
  };
  useEffect(load, []);

  if (error) return <ErrorBox message={`Could not list the networks: ${error}`} onRetry={load} />;
  if (presets === null) return <p>Loading networks…</p>;
  const current = presets.find((p) => p.current);
  const picked = presets.find((p) => p.name === (chosen ?? current?.name));
  return (
    <fieldset className="presets" data-testid="presets">
      <legend>Network</legend>
      {presets.map((p) => (
        <label key={p.name} className="preset">
          <input type="radio" name="preset" value={p.name} checked={picked?.name === p.name} onChange={() => setChosen(p.name)} />
          <span>
            <strong>{p.name}</strong>
            {p.current && ' (this node)'}: {p.description} Layers of {formatDuration(p.layerDurationMs / 1000)}, epochs of {p.layersPerEpoch} layers,{' '}
            {formatGiB(p.bytesPerUnit)} per unit, {p.embeddedPoet ? 'PoET built in' : 'PoET servers by URL'}.
          </span>
        </label>
      ))}
      {picked && !picked.current && (
        <p className="note" role="status" data-testid="preset-switch">
          This node runs <strong>{current?.name ?? 'another network'}</strong>.{' '}
          {picked.name === 'standalone' ? (
            <>
              For a network joined here, “Back to standalone” below returns; otherwise start the node with <code>smesher node --preset standalone</code>.
            </>
          ) : (
            <>
              A <strong>{picked.name}</strong> network of many nodes starts from a network file: create one for friends or join one below, or start
              the node with <code>smesher node --preset {picked.name}</code>.
            </>
          )}{' '}
          Each network keeps its own chain data; your wallets stay.
        </p>
      )}
    </fieldset>
  );
}
