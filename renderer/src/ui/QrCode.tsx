/**
 * An address's QR code as inline SVG (see logic/qr.ts), dark on a white square in both themes so scanners read it.
 * @module
 */
import { useMemo } from 'react';
import { qrMatrix, qrPath } from '../logic/qr.js';

export function QrCode({ text, label }: { text: string; label: string }) {
  const { path, viewBox } = useMemo(() => qrPath(qrMatrix(text)), [text]);
  return (
    <svg className="qr" data-testid="qr" role="img" aria-label={label} viewBox={`0 0 ${viewBox} ${viewBox}`} width={180} height={180} shapeRendering="crispEdges">
      <rect width={viewBox} height={viewBox} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
