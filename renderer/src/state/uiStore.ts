/**
 * What the shell shows: the current screen and the theme (light, dark or the system's). The screen lives in the
 * address's hash (`#wallet`), so a reload stays on it and the browser's Back and Forward move between screens; the
 * theme is remembered in localStorage and applied as a `data-theme` attribute so the CSS, not inline styles,
 * changes colours.
 * @module
 */
import { create } from 'zustand';

export type Screen = 'onboarding' | 'setup' | 'dashboard' | 'wallet' | 'node';
export type Theme = 'system' | 'light' | 'dark';

interface UiState {
  screen: Screen;
  theme: Theme;
  go: (screen: Screen) => void;
  setTheme: (theme: Theme) => void;
}

const saved = (localStorage.getItem('theme') ?? 'system') as Theme;

function applyTheme(theme: Theme): void {
  const dark = theme === 'dark' || (theme === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset['theme'] = dark ? 'dark' : 'light';
}
applyTheme(saved);

const SCREENS: readonly Screen[] = ['onboarding', 'setup', 'dashboard', 'wallet', 'node'];

function screenInHash(): Screen | undefined {
  const name = window.location.hash.slice(1);
  return SCREENS.find((s) => s === name);
}

/** The screen a page load opens: the one in the address, except onboarding (the shell decides who needs that). */
function initialScreen(): Screen {
  const screen = screenInHash();
  if (screen !== 'onboarding') return screen ?? 'dashboard';
  window.history.replaceState(null, '', '#dashboard');
  return 'dashboard';
}

export const useUi = create<UiState>()((set) => ({
  screen: initialScreen(),
  theme: saved,
  go(screen) {
    // A new history entry per screen change, so Back returns to the previous screen.
    if (screenInHash() !== screen) window.location.hash = screen;
    set({ screen });
  },
  setTheme(theme) {
    localStorage.setItem('theme', theme);
    applyTheme(theme);
    set({ theme });
  },
}));

window.addEventListener('hashchange', () => {
  const screen = screenInHash();
  if (screen !== undefined && screen !== useUi.getState().screen) useUi.setState({ screen });
});
