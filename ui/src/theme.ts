// Light or dark: the system's by default, or the user's choice (kept in this browser). The
// `dark` class on <html> switches Tailwind's dark: styles (src/index.css).
export type Theme = 'system' | 'light' | 'dark';

const key = 'octobot.theme';
const media = window.matchMedia('(prefers-color-scheme: dark)');

export function storedTheme(): Theme {
  const value = localStorage.getItem(key);
  return value === 'light' || value === 'dark' ? value : 'system';
}

function apply(theme: Theme) {
  const dark = theme === 'dark' || (theme === 'system' && media.matches);
  document.documentElement.classList.toggle('dark', dark);
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
}

export function setTheme(theme: Theme) {
  if (theme === 'system') localStorage.removeItem(key);
  else localStorage.setItem(key, theme);
  apply(theme);
}

export function startTheme() {
  apply(storedTheme());
  media.addEventListener('change', () => apply(storedTheme()));
}
