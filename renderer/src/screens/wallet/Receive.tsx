/**
 * Receive: the account's address as text, as a QR code (ui/QrCode.tsx) and through a copy button that says when
 * the browser refuses the clipboard instead of failing silently.
 * @module
 */
import { useState } from 'react';
import { Card } from '../../ui/Status.js';
import { QrCode } from '../../ui/QrCode.js';

export function Receive({ address }: { address: string }) {
  return (
    <Card title="Receive" id="receive">
      <p>Share this address to receive coins:</p>
      <p className="mono address" data-testid="receive-address">
        {address}
      </p>
      <QrCode text={address} label={`QR code of ${address}`} />
      <CopyButton key={address} text={address} />
    </Card>
  );
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <p>
      <button
        type="button"
        onClick={() => {
          navigator.clipboard.writeText(text).then(
            () => setCopied('Copied.'),
            () => setCopied('Copying is not allowed here; select the address and copy it.'),
          );
        }}
      >
        Copy address
      </button>{' '}
      <span role="status">{copied}</span>
    </p>
  );
}
