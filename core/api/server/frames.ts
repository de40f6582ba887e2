/**
 * WebSocket frame helpers shared by the server and the Node client. Pure.
 * @module
 */
import type { RawData } from 'ws';

/** A frame's bytes as UTF-8 text (ws hands over a Buffer, an ArrayBuffer or a list of fragments). */
export function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (data instanceof ArrayBuffer ? Buffer.from(data) : data).toString('utf8');
}
