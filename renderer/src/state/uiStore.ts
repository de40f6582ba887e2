/**
 * What the shell shows: the current screen and the theme (light, dark or the system's), remembered in
 * localStorage. The theme is applied as a `data-theme` attribute so the CSS, not inline styles, changes colours.
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

export const useUi = create<UiState>()((set) => ({
  screen: 'dashboard',
  theme: saved,
  go(screen) {
    set({ screen });
  },
  setTheme(theme) {
    localStorage.setItem('theme', theme);
    applyTheme(theme);
    set({ theme });
  },
}));
