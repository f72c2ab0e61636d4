import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
// Hangul from a bundled font (served by Berpa, fetched only for the glyphs a page uses): Korean renders the same everywhere.
import '@fontsource/nanum-gothic/400.css';
import '@fontsource/nanum-gothic/700.css';
import './app/styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
