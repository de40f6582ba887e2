/**
 * Renderer entry: wires the stores to the node's events and to reload when the node comes back, then renders the
 * shell. No inline scripts or styles, so the page runs under the host's and Electron's strict CSP.
 * @module
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { wireNodeEvents } from './state/nodeStore.js';
import { wireReloadOnReconnect } from './state/reloadOnReconnect.js';
import { wireSmeshingEvents } from './state/smeshingStore.js';
import { wireWalletEvents } from './state/walletStore.js';

wireNodeEvents();
wireSmeshingEvents();
wireWalletEvents();
wireReloadOnReconnect();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
